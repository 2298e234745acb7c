package dev.eventshop.inventory.infrastructure;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.platform.money.Money;
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

    /** Stock counters, for checks that everything received is accounted for. */
    public record StockCounters(String sku, int received, int available, int reserved, int shipped) {
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

    public Uni<Void> reserved(SqlClient tx, String sku, int quantity) {
        return tx.preparedQuery("""
                UPDATE inventory.products SET available = available - $2, reserved = reserved + $2 WHERE sku = $1""")
                .execute(Tuple.of(sku, quantity)).replaceWithVoid();
    }

    public Uni<Void> released(SqlClient tx, String sku, int quantity) {
        return tx.preparedQuery("""
                UPDATE inventory.products SET available = available + $2, reserved = reserved - $2 WHERE sku = $1""")
                .execute(Tuple.of(sku, quantity)).replaceWithVoid();
    }

    public Uni<Void> shipped(SqlClient tx, String sku, int quantity) {
        return tx.preparedQuery("""
                UPDATE inventory.products SET reserved = reserved - $2, shipped = shipped + $2 WHERE sku = $1""")
                .execute(Tuple.of(sku, quantity)).replaceWithVoid();
    }

    public Uni<Optional<ProductView>> find(String sku) {
        return pool.preparedQuery("SELECT sku, name, price_amount, currency, available FROM inventory.products WHERE sku = $1")
                .execute(Tuple.of(sku)).map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(view(rows.iterator().next())));
    }

    public Uni<List<ProductView>> list() {
        return pool.query("SELECT sku, name, price_amount, currency, available FROM inventory.products ORDER BY sku")
                .execute().map(rows -> {
                    List<ProductView> views = new ArrayList<>(rows.size());
                    rows.forEach(row -> views.add(view(row)));
                    return views;
                });
    }

    public Uni<List<StockCounters>> counters() {
        return pool.query("SELECT sku, received, available, reserved, shipped FROM inventory.products ORDER BY sku")
                .execute().map(rows -> {
                    List<StockCounters> counters = new ArrayList<>(rows.size());
                    rows.forEach(row -> counters.add(new StockCounters(row.getString("sku"), row.getInteger("received"),
                            row.getInteger("available"), row.getInteger("reserved"), row.getInteger("shipped"))));
                    return counters;
                });
    }

    private static ProductView view(Row row) {
        return new ProductView(row.getString("sku"), row.getString("name"),
                new Money(row.getLong("price_amount"), row.getString("currency")), row.getInteger("available"));
    }
}
