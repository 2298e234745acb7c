package dev.eventshop.orders.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderDelivered;
import dev.eventshop.orders.api.OrderShipped;
import dev.eventshop.orders.domain.OrderEvents.OrderShipmentScheduled;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.domain.OrderEvents.OrderStockReserved;
import dev.eventshop.orders.infrastructure.OrderViewProjection;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.Loaded;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Appends an order's new events and brings its view and deadline along, in the caller's transaction: the order,
 * what shoppers see of it and its pending deadline never disagree.
 */
@ApplicationScoped
public class OrderWriter {

    private final EventStore store;
    private final OrderViewProjection views;

    public OrderWriter(EventStore store, OrderViewProjection views) {
        this.store = store;
        this.views = views;
    }

    public Uni<Loaded<Order>> load(String orderId) {
        return store.load(OrderStreams.orderStream(orderId), Order.empty(), Order.EVENTS, Order::apply);
    }

    public Uni<Void> write(EventStore.Tx tx, String orderId, long expectedVersion, List<Object> events,
            EventMetadata metadata) {
        return tx.appendAndProject(OrderStreams.orderStream(orderId), OrderStreams.ORDER, expectedVersion, events,
                metadata, event -> project(tx, orderId, event, metadata.occurredAt()));
    }

    private Uni<Void> project(EventStore.Tx tx, String orderId, Object event, Instant at) {
        if (event instanceof OrderPlaced placed) {
            return views.placed(tx.connection(), placed, at)
                    .chain(() -> tx.connection().preparedQuery(
                            "INSERT INTO orders.deadlines (order_id, due_at) VALUES ($1, $2)")
                            .execute(Tuple.of(orderId, java.time.OffsetDateTime.ofInstant(placed.deadline(),
                                    java.time.ZoneOffset.UTC)))
                            .replaceWithVoid());
        }
        if (event instanceof OrderStockReserved) {
            return views.step(tx.connection(), orderId, "OrderStockReserved", at, null, null, null);
        }
        if (event instanceof OrderConfirmed) {
            return views.step(tx.connection(), orderId, "OrderConfirmed", at, "CONFIRMED", null, null)
                    .chain(() -> clearDeadline(tx, orderId));
        }
        if (event instanceof OrderCancelled cancelled) {
            return views.step(tx.connection(), orderId, "OrderCancelled", at, "CANCELLED", cancelled.reason(), null)
                    .chain(() -> clearDeadline(tx, orderId));
        }
        if (event instanceof OrderShipmentScheduled scheduled) {
            return views.step(tx.connection(), orderId, "OrderShipmentScheduled", at, null, null,
                    scheduled.trackingNumber());
        }
        if (event instanceof OrderShipped) {
            return views.step(tx.connection(), orderId, "OrderShipped", at, "SHIPPED", null, null);
        }
        if (event instanceof OrderDelivered) {
            return views.step(tx.connection(), orderId, "OrderDelivered", at, "DELIVERED", null, null);
        }
        if (Order.isCommand(event)) {
            return Uni.createFrom().voidItem(); // requests to other modules: nothing to show yet
        }
        throw new IllegalArgumentException("no projection for " + event.getClass().getName());
    }

    private Uni<Void> clearDeadline(EventStore.Tx tx, String orderId) {
        return tx.connection().preparedQuery("DELETE FROM orders.deadlines WHERE order_id = $1")
                .execute(Tuple.of(orderId)).replaceWithVoid();
    }
}
