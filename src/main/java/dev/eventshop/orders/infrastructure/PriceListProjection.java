package dev.eventshop.orders.infrastructure;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.platform.money.Money;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Orders' own copy of the catalogue prices, from inventory's events, so a total is known at placement. */
@ApplicationScoped
public class PriceListProjection {

    private final Pool pool;

    public PriceListProjection(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> on(SqlClient tx, ProductAdded added) {
        return tx.preparedQuery("""
                INSERT INTO orders.price_list (sku, name, price_amount, currency) VALUES ($1, $2, $3, $4)
                ON CONFLICT (sku) DO UPDATE SET name = excluded.name, price_amount = excluded.price_amount,
                                                currency = excluded.currency""")
                .execute(Tuple.of(added.sku(), added.name(), added.price().amount(), added.price().currency()))
                .replaceWithVoid();
    }

    /** Prices of the given skus; unknown skus are absent from the result. */
    public Uni<Map<String, Money>> prices(Collection<String> skus) {
        return pool.preparedQuery("SELECT sku, price_amount, currency FROM orders.price_list WHERE sku = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(skus.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Money> prices = new HashMap<>();
                    rows.forEach(row -> prices.put(row.getString("sku"),
                            new Money(row.getLong("price_amount"), row.getString("currency"))));
                    return prices;
                });
    }
}
