package dev.eventshop.inventory.infrastructure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.platform.money.Money;
import dev.eventshop.platform.query.Cursor;
import dev.eventshop.platform.query.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The catalogue as shoppers see it, kept in {@code inventory.products} in the same transaction as each stock event,
 * so a read after a write sees it. Counters: received (initial + restocks) = available + reserved + shipped.
 */
@ApplicationScoped
public class ProductCatalogProjection {

    public record ProductView(String sku, String name, Money price, int available) {
    }


    private final Pool pool;

    public ProductCatalogProjection(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> added(SqlClient tx, ProductAdded added) {
        return tx.preparedQuery("""
                INSERT INTO inventory.products (sku, name, price_amount, currency, available, received)
                VALUES ($1, $2, $3, $4, $5, $5)""")
                .execute(Tuple.of(added.sku(), added.name(), added.price().amount(), added.price().currency(),
                        added.stock()))
                .replaceWithVoid();
    }

    public Uni<Void> restocked(SqlClient tx, ProductRestocked restocked) {
        return tx.preparedQuery("""
                UPDATE inventory.products SET available = available + $2, received = received + $2 WHERE sku = $1""")
                .execute(Tuple.of(restocked.sku(), restocked.quantity())).replaceWithVoid();
    }

    /** How reserved stock moves between the counters. */
    public enum Movement {
        RESERVE("available = available - $2, reserved = reserved + $2"),
        RELEASE("available = available + $2, reserved = reserved - $2"),
        SHIP("reserved = reserved - $2, shipped = shipped + $2");

        private final String sql;

        Movement(String assignments) {
            this.sql = "UPDATE inventory.products SET " + assignments + " WHERE sku = $1";
        }
    }

    /**
     * Locks the stock rows of these products for the rest of the transaction and returns what is available;
     * unknown skus are absent. Locked in sku order, so two transactions never wait on each other in a cycle.
     */
    public Uni<Map<String, Integer>> lockAvailable(SqlClient tx, Collection<String> skus) {
        return tx.preparedQuery("SELECT sku, available FROM inventory.products WHERE sku = ANY($1) ORDER BY sku FOR UPDATE")
                .execute(Tuple.tuple().addArrayOfString(skus.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Integer> available = new HashMap<>();
                    rows.forEach(row -> available.put(row.getString("sku"), row.getInteger("available")));
                    return available;
                });
    }

    public Uni<Void> move(SqlClient tx, List<StockLine> lines, Movement movement) {
        return tx.preparedQuery(movement.sql)
                .executeBatch(lines.stream().map(line -> Tuple.of(line.sku(), line.quantity())).toList())
                .replaceWithVoid();
    }

    public Uni<Optional<ProductView>> find(String sku) {
        return pool.preparedQuery("SELECT sku, name, price_amount, currency, available FROM inventory.products WHERE sku = $1")
                .execute(Tuple.of(sku)).map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    /**
     * A page of the catalogue by sku, after the sku the cursor names (see {@link Cursor}), or from the first.
     *
     * @throws Cursor.InvalidCursor when the cursor is not one of this listing
     */
    public Uni<Page<ProductView>> list(String cursor, int limit) {
        List<String> after = Cursor.parts(cursor, 1);
        return pool.preparedQuery("SELECT sku, name, price_amount, currency, available FROM inventory.products"
                + " WHERE $1::text IS NULL OR sku > $1 ORDER BY sku LIMIT $2")
                .execute(Tuple.of(after == null ? null : after.get(0), limit + 1)).map(rows -> {
                    List<Row> list = new ArrayList<>(rows.size());
                    rows.forEach(list::add);
                    return Page.of(list, limit, ProductCatalogProjection::view, row -> Cursor.of(row.getString("sku")));
                });
    }


    private static ProductView view(Row row) {
        return new ProductView(row.getString("sku"), row.getString("name"),
                new Money(row.getLong("price_amount"), row.getString("currency")), row.getInteger("available"));
    }
}
