package dev.eventshop.shipping.application;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.query.Reads;
import dev.eventshop.shipping.infrastructure.ShipmentViewEntity;
import dev.eventshop.shipping.infrastructure.ShipmentViewRepository;
import io.smallrye.mutiny.Uni;

/** What the web layer may ask about shipments. */
@ApplicationScoped
public class ShipmentQueries {

    private final Reads reads;
    private final ShipmentViewRepository shipments;

    public ShipmentQueries(Reads reads, ShipmentViewRepository shipments) {
        this.reads = reads;
        this.shipments = shipments;
    }

    public Uni<Optional<ShipmentView>> find(String orderId) {
        return reads.session(() -> shipments.findById(orderId))
                .map(row -> Optional.ofNullable(row).map(ShipmentQueries::view));
    }

    private static ShipmentView view(ShipmentViewEntity row) {
        return new ShipmentView(row.orderId(), row.status(), row.carrier(), row.trackingNumber(), row.customerId());
    }
}
