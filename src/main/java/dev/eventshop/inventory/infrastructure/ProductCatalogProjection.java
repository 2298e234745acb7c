package dev.eventshop.inventory.infrastructure;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.platform.eventstore.OneStatement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The catalogue as shoppers see it, kept in {@code inventory.products} in the same transaction as each stock event,
 * so a read after a write sees it. Counters: received (initial + restocks) = available + reserved + shipped.
 */
@ApplicationScoped
public class ProductCatalogProjection {



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

    /*
     * $1 the sku, $2 the quantity. The update locks the row itself. When the row meets the condition in the
     * statement's snapshot but a concurrent update of it is in progress, the update waits for that one and checks the
     * condition again on the row as it left it (PostgreSQL's re-check of an updated row), so two reservations cannot
     * both take the last unit. A row that does not meet it in the snapshot (stock restocked meanwhile, say) is not
     * updated: the statement fails, and the caller's transaction, which reads under a lock, decides.
     */
    private static final String RESERVE_IF_AVAILABLE = "UPDATE inventory.products"
            + " SET available = available - $2, reserved = reserved + $2"
            + " WHERE " + OneStatement.GUARD + " AND sku = $1 AND available >= $2 RETURNING available";

    /**
     * As a write of {@code statement}: takes {@code quantity} of the product's available stock into reserved, only
     * if that much is available. Otherwise, or for an unknown product, the whole statement fails with a
     * {@link OneStatement.MissingRowException}.
     */
    public void reserveIfAvailable(OneStatement statement, String sku, int quantity) {
        statement.writeRow(RESERVE_IF_AVAILABLE, Tuple.of(sku, quantity), "available", null);
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

    /** Whether the catalogue has no product at all (the dev-mode demo catalogue fills an empty one). */
    public Uni<Boolean> isEmpty() {
        return pool.query("SELECT NOT EXISTS (SELECT 1 FROM inventory.products) AS empty").execute()
                .map(rows -> rows.iterator().next().getBoolean("empty"));
    }
}
