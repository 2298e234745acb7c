package dev.eventshop.shipping.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.eventstore.OneStatement;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Writes shipments as shoppers and operators see them, in {@code shipping.shipment_view} (read by ShipmentQueries). */
@ApplicationScoped
public class ShipmentViewProjection {

    private static final String UPSERT = """
            INSERT INTO shipping.shipment_view (order_id, status, carrier, tracking_number, customer_id)
            SELECT $1::text, $2::text, $3::text, $4::text, $5::text%s
            ON CONFLICT (order_id) DO UPDATE SET status = excluded.status,
                   carrier = coalesce(excluded.carrier, shipment_view.carrier),
                   tracking_number = coalesce(excluded.tracking_number, shipment_view.tracking_number),
                   customer_id = coalesce(excluded.customer_id, shipment_view.customer_id),
                   updated_at = now()""";

    private static final String UPSERT_ALONE = UPSERT.formatted("");
    private static final String UPSERT_GUARDED = UPSERT.formatted(" WHERE " + OneStatement.GUARD);

    public Uni<Void> upsert(SqlClient tx, String orderId, String status, String carrier, String trackingNumber,
            String customerId) {
        return tx.preparedQuery(UPSERT_ALONE)
                .execute(Tuple.of(orderId, status, carrier, trackingNumber, customerId)).replaceWithVoid();
    }

    /** As {@link #upsert(SqlClient, String, String, String, String, String)}, as a write of {@code statement}. */
    public void upsert(OneStatement statement, String orderId, String status, String carrier, String trackingNumber,
            String customerId) {
        statement.write(UPSERT_GUARDED,
                Tuple.of(orderId, status, carrier, trackingNumber, customerId));
    }
}
