package dev.eventshop.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The shop's invariants over every order and product in the database, checked after each scenario once the
 * modules have caught up:
 * <ul>
 * <li>captured − refunded equals the order's total if and only if the order is CONFIRMED, SHIPPED or DELIVERED;</li>
 * <li>for every product, stock received = available + reserved + shipped, none negative;</li>
 * <li>no order is PENDING past its deadline.</li>
 * </ul>
 */
final class ShopInvariants {

    private static final Set<String> PAID = Set.of("CONFIRMED", "SHIPPED", "DELIVERED");

    private ShopInvariants() {
    }

    static void awaitHold(Pool pool) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(violations(pool)).isEmpty());
    }

    static List<String> violations(Pool pool) {
        List<String> violations = new ArrayList<>();
        for (Row row : pool.query("""
                SELECT o.order_id, o.status, o.total_amount, o.deadline < now() - interval '5 seconds' AS overdue,
                       coalesce(CASE WHEN p.status = 'CAPTURED' THEN p.amount ELSE 0 END, 0) AS net_captured
                  FROM orders.order_view o LEFT JOIN payments.payment_view p ON p.order_id = o.order_id""")
                .execute().await().atMost(Duration.ofSeconds(30))) {
            boolean paid = row.getLong("net_captured").longValue() == row.getLong("total_amount").longValue();
            if (paid != PAID.contains(row.getString("status"))) {
                violations.add("order " + row.getString("order_id") + " is " + row.getString("status")
                        + " with " + row.getLong("net_captured") + " captured net of refunds, total "
                        + row.getLong("total_amount"));
            }
            if (row.getString("status").equals("PENDING") && row.getBoolean("overdue")) {
                violations.add("order " + row.getString("order_id") + " is PENDING past its deadline");
            }
        }
        for (Row row : pool.query("SELECT sku, received, available, reserved, shipped FROM inventory.products")
                .execute().await().atMost(Duration.ofSeconds(30))) {
            int received = row.getInteger("received");
            int accounted = row.getInteger("available") + row.getInteger("reserved") + row.getInteger("shipped");
            if (received != accounted || row.getInteger("available") < 0 || row.getInteger("reserved") < 0) {
                violations.add("product " + row.getString("sku") + ": received " + received + " but available "
                        + row.getInteger("available") + " + reserved " + row.getInteger("reserved") + " + shipped "
                        + row.getInteger("shipped"));
            }
        }
        return violations;
    }
}
