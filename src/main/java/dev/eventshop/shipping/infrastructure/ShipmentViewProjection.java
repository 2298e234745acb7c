package dev.eventshop.shipping.infrastructure;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Shipments as shoppers and operators see them, in {@code shipping.shipment_view}. */
@ApplicationScoped
public class ShipmentViewProjection {

    public record ShipmentView(String orderId, String status, String carrier, String trackingNumber, String customerId) {
    }

    private final Pool pool;

    public ShipmentViewProjection(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> upsert(SqlClient tx, String orderId, String status, String carrier, String trackingNumber,
            String customerId) {
        return tx.preparedQuery("""
                INSERT INTO shipping.shipment_view (order_id, status, carrier, tracking_number, customer_id)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (order_id) DO UPDATE SET status = excluded.status,
                       carrier = coalesce(excluded.carrier, shipment_view.carrier),
                       tracking_number = coalesce(excluded.tracking_number, shipment_view.tracking_number),
                       customer_id = coalesce(excluded.customer_id, shipment_view.customer_id),
                       updated_at = now()""")
                .execute(Tuple.of(orderId, status, carrier, trackingNumber, customerId)).replaceWithVoid();
    }

    public Uni<Optional<ShipmentView>> find(String orderId) {
        return pool.preparedQuery(
                "SELECT order_id, status, carrier, tracking_number, customer_id FROM shipping.shipment_view"
                        + " WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row ->
                        new ShipmentView(row.getString("order_id"), row.getString("status"), row.getString("carrier"),
                                row.getString("tracking_number"), row.getString("customer_id"))));
    }
}
