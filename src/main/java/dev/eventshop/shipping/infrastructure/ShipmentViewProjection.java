package dev.eventshop.shipping.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes shipments as shoppers and operators see them, in {@code shipping.shipment_view} (read by ShipmentQueries). */
@ApplicationScoped
public class ShipmentViewProjection {

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
}
