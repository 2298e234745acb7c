package dev.eventshop.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The shop's invariants over every order and product in the database, checked after each scenario once the
 * modules have caught up. Money is read from the payment provider's own ledger (the sandbox's charges), not only from
 * payments' view of it, and stock and shipments per order, so that a leak of one order cannot hide in a total:
 * <ul>
 * <li>the provider holds (charged, not refunded) the order's total if and only if the order is CONFIRMED, SHIPPED or
 * DELIVERED, and nothing otherwise; payments' view agrees with the provider (captured exactly when the provider
 * holds money, and the same amount); no charge is refunded twice;</li>
 * <li>each order's stock: reserved while CONFIRMED, shipped once SHIPPED or DELIVERED, never left reserved for a
 * CANCELLED order; and for every product, stock received = available + reserved + shipped, none negative;</li>
 * <li>each order's shipment agrees with its status: none or CANCELLED for a CANCELLED order, DISPATCHED or DELIVERED
 * for a SHIPPED or DELIVERED one;</li>
 * <li>no order is PENDING past its deadline.</li>
 * </ul>
 */
final class ShopInvariants {

    private static final Set<String> PAID = Set.of("CONFIRMED", "SHIPPED", "DELIVERED");
    private static final Map<String, String> RESERVATION = Map.of(
            "inventory.StockReserved.v1", "RESERVED", "inventory.StockReleased.v1", "RELEASED",
            "inventory.StockShipped.v1", "SHIPPED", "inventory.StockReservationRejected.v1", "REJECTED",
            "inventory.ReservationVoided.v1", "VOIDED");

    private ShopInvariants() {
    }

    static void awaitHold(Pool pool) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(violations(pool)).isEmpty());
    }

    static List<String> violations(Pool pool) {
        List<String> violations = new ArrayList<>();
        for (Row row : pool.query("""
                SELECT o.order_id, o.status, o.total_amount, o.deadline < now() - interval '5 seconds' AS overdue,
                       coalesce(p.status, 'NONE') AS payment_status, coalesce(p.amount, 0) AS payment_amount,
                       coalesce((SELECT sum(c.amount) FROM payment_sandbox.charges c
                                  WHERE c.reference = o.order_id AND NOT c.refunded), 0) AS held,
                       (SELECT count(*) FROM payment_sandbox.refunds r JOIN payment_sandbox.charges c ON c.id = r.charge_id
                         WHERE c.reference = o.order_id) AS refunds,
                       (SELECT count(*) FROM payment_sandbox.charges c WHERE c.reference = o.order_id) AS charges,
                       (SELECT e.event_type FROM eventstore.events e
                         WHERE e.stream_id = 'reservation-' || o.order_id ORDER BY e.stream_version DESC LIMIT 1)
                           AS reservation_event,
                       coalesce(s.status, 'NONE') AS shipment_status
                  FROM orders.order_view o
                  LEFT JOIN payments.payment_view p ON p.order_id = o.order_id
                  LEFT JOIN shipping.shipment_view s ON s.order_id = o.order_id""")
                .execute().await().atMost(Duration.ofSeconds(30))) {
            String order = "order " + row.getString("order_id") + " (" + row.getString("status") + ")";
            String status = row.getString("status");
            boolean paid = PAID.contains(status);
            long held = row.getLong("held");
            if (held != (paid ? row.getLong("total_amount") : 0)) {
                violations.add(order + ": the provider holds " + held + " of its total " + row.getLong("total_amount"));
            }
            if ((held > 0) != row.getString("payment_status").equals("CAPTURED")) {
                violations.add(order + ": payments says " + row.getString("payment_status") + " but the provider holds "
                        + held);
            }
            if (row.getString("payment_status").equals("CAPTURED") && row.getLong("payment_amount") != held) {
                violations.add(order + ": payments says " + row.getLong("payment_amount") + " was captured but the "
                        + "provider holds " + held);
            }
            if (row.getLong("refunds") > row.getLong("charges")) {
                violations.add(order + ": " + row.getLong("refunds") + " refunds of " + row.getLong("charges")
                        + " charges");
            }
            String reservationEvent = row.getString("reservation_event");
            String reservation = reservationEvent == null ? "NONE" : RESERVATION.getOrDefault(reservationEvent, "NONE");
            boolean stockRight = switch (status) {
                case "CANCELLED" -> !reservation.equals("RESERVED") && !reservation.equals("SHIPPED");
                case "CONFIRMED" -> reservation.equals("RESERVED");
                case "SHIPPED", "DELIVERED" -> reservation.equals("SHIPPED");
                default -> true;
            };
            if (!stockRight) {
                violations.add(order + ": its stock is " + reservation);
            }
            String shipment = row.getString("shipment_status");
            boolean shipmentRight = switch (status) {
                case "CANCELLED" -> shipment.equals("NONE") || shipment.equals("CANCELLED");
                case "SHIPPED", "DELIVERED" -> shipment.equals("DISPATCHED") || shipment.equals("DELIVERED");
                case "CONFIRMED" -> shipment.equals("NONE") || shipment.equals("SCHEDULED");
                default -> shipment.equals("NONE");
            };
            if (!shipmentRight) {
                violations.add(order + ": its shipment is " + shipment);
            }
            if (status.equals("PENDING") && row.getBoolean("overdue")) {
                violations.add(order + " is PENDING past its deadline");
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
