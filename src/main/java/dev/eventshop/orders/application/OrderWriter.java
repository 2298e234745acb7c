package dev.eventshop.orders.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderDelivered;
import dev.eventshop.orders.api.OrderShipped;
import dev.eventshop.orders.domain.OrderEvents.OrderCancellationRefused;
import dev.eventshop.orders.domain.OrderEvents.OrderCancellationRequested;
import dev.eventshop.orders.domain.OrderEvents.OrderFlaggedOverdue;
import dev.eventshop.orders.domain.OrderEvents.OrderShipmentScheduled;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.domain.OrderEvents.OrderStockReserved;
import dev.eventshop.orders.infrastructure.OrderViewProjection;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.StreamCache;
import io.smallrye.mutiny.Uni;

/**
 * Appends an order's new events and brings its view and deadline along, in the caller's transaction: the order,
 * what shoppers see of it and its pending deadline never disagree.
 */
@ApplicationScoped
public class OrderWriter {

    private final EventStore store;
    private final OrderViewProjection views;
    /** Orders in flight: their sagas decide three times in a few milliseconds. */
    private final StreamCache recent = new StreamCache(10_000);

    private final OrdersConfig config;

    public OrderWriter(EventStore store, OrderViewProjection views, OrdersConfig config) {
        this.store = store;
        this.views = views;
        this.config = config;
    }

    /** The order as stored now. */
    public Uni<Loaded<Order>> load(String orderId) {
        String stream = OrderStreams.orderStream(orderId);
        return store.loadEvents(stream, Order.EVENTS)
                .invoke(events -> recent.loaded(stream, events))
                .map(events -> events.fold(Order.empty(), Order::apply));
    }

    /**
     * The order as this instance last wrote or read it, if it still remembers it. Another instance may have moved it
     * on since: decide on it only to append at its version (a stale one conflicts), never to do nothing.
     */
    public Optional<Loaded<Order>> remembered(String orderId) {
        return recent.get(OrderStreams.orderStream(orderId)).map(events -> events.fold(Order.empty(), Order::apply));
    }

    public Uni<Void> write(EventStore.Tx tx, String orderId, long expectedVersion, List<Object> events,
            EventMetadata metadata) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String stream = OrderStreams.orderStream(orderId);
        tx.afterCommit(() -> recent.appended(stream, expectedVersion, events));
        return tx.appendAndProject(stream, OrderStreams.ORDER, expectedVersion, events,
                metadata, event -> project(tx, orderId, event, metadata.occurredAt()))
                .onFailure(ConcurrencyConflictException.class).invoke(() -> recent.forget(stream));
    }

    private Uni<Void> project(EventStore.Tx tx, String orderId, Object event, Instant at) {
        if (event instanceof OrderPlaced placed) {
            return views.placed(tx.connection(), placed, at);
        }
        if (event instanceof OrderStockReserved) {
            return views.step(tx.connection(), orderId, "OrderStockReserved", at, null, null, null);
        }
        if (event instanceof OrderConfirmed) {
            // the next deadline: a confirmed order whose shipment is not booked in time is called off
            return views.step(tx.connection(), orderId, "OrderConfirmed", at, "CONFIRMED", null, null,
                    OrderViewProjection.Deadline.SET, at.plus(config.shipmentTimeout()));
        }
        if (event instanceof OrderCancelled cancelled) {
            return views.step(tx.connection(), orderId, "OrderCancelled", at, "CANCELLED", cancelled.reason(), null);
        }
        if (event instanceof OrderShipmentScheduled scheduled) {
            // the next deadline: the carrier picks the parcel up
            return views.step(tx.connection(), orderId, "OrderShipmentScheduled", at, null, null,
                    scheduled.trackingNumber(), OrderViewProjection.Deadline.SET, at.plus(config.dispatchTimeout()));
        }
        if (event instanceof OrderShipped) {
            return views.step(tx.connection(), orderId, "OrderShipped", at, "SHIPPED", null, null,
                    OrderViewProjection.Deadline.SET, at.plus(config.deliveryTimeout()));
        }
        if (event instanceof OrderCancellationRequested) {
            // now shipping's answer moves it on; unanswered for long, it is asked again and the order flagged
            return views.step(tx.connection(), orderId, "OrderCancellationRequested", at, null, null, null,
                    OrderViewProjection.Deadline.SET, at.plus(config.shipmentTimeout()));
        }
        if (event instanceof OrderCancellationRefused) {
            // the parcel had left: its dispatch, due any moment, moves the order on
            return views.step(tx.connection(), orderId, "OrderCancellationRefused", at, null, null, null,
                    OrderViewProjection.Deadline.SET, at.plus(config.shipmentTimeout()));
        }
        if (event instanceof OrderFlaggedOverdue) {
            // flagged once; the next step of the order sets its next deadline
            return views.step(tx.connection(), orderId, "OrderFlaggedOverdue", at, null, null, null,
                    OrderViewProjection.Deadline.CLEAR, null);
        }
        if (event instanceof OrderDelivered) {
            return views.step(tx.connection(), orderId, "OrderDelivered", at, "DELIVERED", null, null);
        }
        if (Order.isCommand(event)) {
            return Uni.createFrom().voidItem(); // requests to other modules: nothing to show yet
        }
        throw new IllegalArgumentException("no projection for " + event.getClass().getName());
    }
}
