package dev.eventshop.shipping.application;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.shipping.ShippingModule;
import dev.eventshop.shipping.api.ShipmentCancellationRefused;
import dev.eventshop.shipping.api.ShipmentCancelled;
import dev.eventshop.shipping.api.ShipmentDelivered;
import dev.eventshop.shipping.api.ShipmentDispatched;
import dev.eventshop.shipping.api.ShipmentScheduled;
import dev.eventshop.shipping.api.ShippingStreams;
import dev.eventshop.shipping.domain.Shipment;
import dev.eventshop.shipping.infrastructure.ShipmentViewProjection;
import io.smallrye.mutiny.Uni;

/** Loads shipments and writes their events together with the shipment view. */
@ApplicationScoped
public class Shipments {

    private final EventStore store;
    private final ShipmentViewProjection views;

    public Shipments(EventStore store, ShipmentViewProjection views) {
        this.store = store;
        this.views = views;
    }

    public Uni<Loaded<Shipment>> load(String orderId) {
        return store.load(ShippingStreams.shipmentStream(orderId), Shipment.empty(), Shipment.EVENTS, Shipment::apply);
    }

    public Uni<Void> write(EventStore.Tx tx, String orderId, long version, List<Object> events, EventMetadata metadata) {
        return tx.appendAndProject(ShippingStreams.shipmentStream(orderId), ShippingStreams.SHIPMENT, version, events,
                metadata, event -> project(tx, orderId, event));
    }

    /**
     * The same write as {@link #write}, as one statement to run after an inbox claim, when it can be one: the view
     * changes in at most one row write (the parts of one statement do not see each other's writes). Empty otherwise.
     */
    public Optional<OneStatement> asOneStatement(String orderId, long version, List<Object> events,
            EventMetadata metadata) {
        OneStatement statement = new OneStatement();
        if (events.isEmpty()) {
            return Optional.of(statement);
        }
        Object shown = null;
        for (Object event : events) {
            if (viewStatus(event) != null) {
                if (shown != null) {
                    return Optional.empty();
                }
                shown = event;
            }
        }
        statement.append(new StreamAppend(ShippingStreams.shipmentStream(orderId), ShippingStreams.SHIPMENT, version,
                events.stream().map(NewEvent::of).toList()), metadata);
        if (shown instanceof ShipmentScheduled s) {
            views.upsert(statement, orderId, viewStatus(s), s.carrier(), s.trackingNumber(), s.customerId());
        } else if (shown != null) {
            views.upsert(statement, orderId, viewStatus(shown), null, null, null);
        }
        return Optional.of(statement);
    }

    /** A carrier callback (dispatch, delivery) on the current shipment. */
    public Uni<Void> callback(String orderId, Function<Shipment, List<Object>> decision) {
        return load(orderId).chain(shipment -> store.inTransaction(tx -> write(tx, orderId, shipment.version(),
                decision.apply(shipment.state()), EventMetadata.startIn(orderId, ShippingModule.NAME))))
                .onFailure(ConcurrencyConflictException.class).retry().atMost(5);
    }

    private Uni<Void> project(EventStore.Tx tx, String orderId, Object event) {
        String status = viewStatus(event);
        if (event instanceof ShipmentScheduled s) {
            return views.upsert(tx.connection(), orderId, status, s.carrier(), s.trackingNumber(), s.customerId());
        }
        return status == null ? Uni.createFrom().voidItem()
                : views.upsert(tx.connection(), orderId, status, null, null, null);
    }

    /** The shipment's status in its view after the event; null when the view stays as it was. */
    static String viewStatus(Object event) {
        if (event instanceof ShipmentScheduled) {
            return "SCHEDULED";
        }
        if (event instanceof ShipmentDispatched) {
            return "DISPATCHED";
        }
        if (event instanceof ShipmentDelivered) {
            return "DELIVERED";
        }
        if (event instanceof ShipmentCancelled) {
            return "CANCELLED";
        }
        if (event instanceof ShipmentCancellationRefused) {
            return null; // the shipment goes on as it was
        }
        throw new IllegalArgumentException("no projection for " + event.getClass().getName());
    }
}
