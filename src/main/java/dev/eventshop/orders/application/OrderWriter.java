package dev.eventshop.orders.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.api.OrderCancellationRefused;
import dev.eventshop.orders.api.OrderCancellationRequested;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderDelivered;
import dev.eventshop.orders.api.OrderFlaggedOverdue;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderShipmentScheduled;
import dev.eventshop.orders.api.OrderShipped;
import dev.eventshop.orders.api.OrderStockReserved;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.infrastructure.OrderViewProjection.Step;
import dev.eventshop.orders.infrastructure.OrderViewProjection;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.StreamCache;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.shipping.api.CancelShipmentCommand;
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

    /**
     * Appends the order's new events at {@code expectedVersion}, with its view and its next deadline; once per order
     * and transaction, as a rebuild of the view ({@link OrderViewRebuild}) tells the writes apart by transaction. The
     * deadline follows from what the order waits for ({@link Order#awaiting()}), so it is worked out from the order's
     * state, not from each event: {@code before} (the state the events were decided on) is moved on by the events
     * here.
     */
    public Uni<Void> write(EventStore.Tx tx, String orderId, long expectedVersion, Order before, List<Object> events,
            EventMetadata metadata) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant at = metadata.occurredAt();
        NextDeadline next = nextDeadline(before, events, at);
        // the deadline rides on the last step shown in the view; a write of commands alone updates it by itself
        Object carrier = null;
        for (Object event : events) {
            if (!Order.isCommand(event)) {
                carrier = event;
            }
        }
        Object deadlineCarrier = carrier;
        String stream = OrderStreams.orderStream(orderId);
        tx.afterCommit(() -> recent.appended(stream, expectedVersion, events));
        return tx.appendAndProject(stream, OrderStreams.ORDER, expectedVersion, events, metadata,
                event -> project(tx, orderId, event, at, event == deadlineCarrier ? next : NextDeadline.KEEP))
                .chain(() -> deadlineCarrier == null && next.change() != OrderViewProjection.Deadline.KEEP
                        ? views.deadline(tx.connection(), orderId, next.change(), next.due())
                        : Uni.createFrom().voidItem())
                .onFailure(ConcurrencyConflictException.class).invoke(() -> recent.forget(stream));
    }

    /**
     * The same write as {@link #write}, as one statement (after an inbox claim, or a placement on its own), when it
     * can be one: the order's view changes in at most one row write (the parts of one statement do not see each
     * other's writes). Empty otherwise, with {@code before} untouched, so the caller writes in a transaction instead.
     */
    public Optional<OneStatement> asOneStatement(String orderId, long expectedVersion, Order before,
            List<Object> events, EventMetadata metadata) {
        OneStatement statement = new OneStatement();
        if (events.isEmpty()) {
            return Optional.of(statement);
        }
        Object carrier = null;
        for (Object event : events) {
            if (!Order.isCommand(event)) {
                if (carrier != null) {
                    return Optional.empty();
                }
                carrier = event;
            }
        }
        Instant at = metadata.occurredAt();
        NextDeadline next = nextDeadline(before, events, at);
        String stream = OrderStreams.orderStream(orderId);
        statement.append(new StreamAppend(stream, OrderStreams.ORDER, expectedVersion,
                events.stream().map(NewEvent::of).toList()), metadata)
                .afterCommit(() -> recent.appended(stream, expectedVersion, events));
        if (carrier instanceof OrderPlaced placed) {
            views.placed(statement, placed, at); // with its deadline
        } else if (carrier != null) {
            views.step(statement, orderId, stepOf(carrier), at, next.change(), next.due());
        } else if (next.change() != OrderViewProjection.Deadline.KEEP) {
            views.deadline(statement, orderId, next.change(), next.due());
        }
        return Optional.of(statement);
    }

    /** A remembered order that turned out stale is read again next time. */
    public void forget(String orderId) {
        recent.forget(OrderStreams.orderStream(orderId));
    }

    record NextDeadline(OrderViewProjection.Deadline change, Instant due) {
        static final NextDeadline KEEP = new NextDeadline(OrderViewProjection.Deadline.KEEP, null);
    }

    /**
     * A new wait gets its deadline (none once terminal); a flag or a question asked again (a cancellation shipping
     * has not answered) starts the wait's clock again, or ends it where nothing more can be done here.
     */
    NextDeadline nextDeadline(Order before, List<Object> events, Instant at) {
        Order.Awaiting was = before.awaiting();
        boolean askedAgain = false;
        boolean flagged = false;
        for (Object event : events) {
            before.apply(event);
            askedAgain |= event instanceof CancelShipmentCommand;
            flagged |= event instanceof OrderFlaggedOverdue;
        }
        Order.Awaiting now = before.awaiting();
        if (now == Order.Awaiting.CONFIRMATION) {
            return NextDeadline.KEEP; // placed: the view row was written with it
        }
        if (now != was || askedAgain) {
            return deadlineOf(now, at);
        }
        if (flagged) {
            return new NextDeadline(OrderViewProjection.Deadline.CLEAR, null); // flagged once; nothing more to do
        }
        return NextDeadline.KEEP;
    }

    private NextDeadline deadlineOf(Order.Awaiting awaiting, Instant at) {
        Duration within = switch (awaiting) {
            case BOOKING, CANCELLATION_ANSWER -> config.shipmentTimeout();
            case DISPATCH -> config.dispatchTimeout();
            case DELIVERY -> config.deliveryTimeout();
            case CONFIRMATION -> config.confirmationTimeout();
            case NONE -> null;
        };
        return within == null ? new NextDeadline(OrderViewProjection.Deadline.CLEAR, null)
                : new NextDeadline(OrderViewProjection.Deadline.SET, at.plus(within));
    }

    private Uni<Void> project(EventStore.Tx tx, String orderId, Object event, Instant at, NextDeadline next) {
        if (event instanceof OrderPlaced placed) {
            return views.placed(tx.connection(), placed, at);
        }
        Step step = stepOf(event);
        return step == null ? Uni.createFrom().voidItem()
                : views.step(tx.connection(), orderId, step, at, next.change(), next.due());
    }

    /** The status each step of an order's history moves it to: the placement's, and those {@link #stepOf} gives. */
    private static final Map<String, String> STATUS_AFTER = Map.of("OrderPlaced", "PENDING",
            "OrderConfirmed", "CONFIRMED", "OrderShipped", "SHIPPED", "OrderDelivered", "DELIVERED",
            "OrderCancelled", "CANCELLED");

    /**
     * The status an entry of an order's history moved it to; empty for the entries that leave it as it was. The
     * same as the view's steps (OrderWriterStepsTest holds them together).
     */
    public static Optional<String> statusAfter(String historyType) {
        return Optional.ofNullable(STATUS_AFTER.get(historyType));
    }

    /** What an order's event shows in its view after placement; null for a request to another module. */
    static Step stepOf(Object event) {
        if (event instanceof OrderStockReserved) {
            return new Step("OrderStockReserved", null, null, null);
        }
        if (event instanceof OrderConfirmed) {
            return new Step("OrderConfirmed", "CONFIRMED", null, null);
        }
        if (event instanceof OrderCancelled cancelled) {
            return new Step("OrderCancelled", "CANCELLED", cancelled.reason(), null);
        }
        if (event instanceof OrderShipmentScheduled scheduled) {
            return new Step("OrderShipmentScheduled", null, null, scheduled.trackingNumber());
        }
        if (event instanceof OrderShipped) {
            return new Step("OrderShipped", "SHIPPED", null, null);
        }
        if (event instanceof OrderCancellationRequested) {
            return new Step("OrderCancellationRequested", null, null, null);
        }
        if (event instanceof OrderCancellationRefused) {
            return new Step("OrderCancellationRefused", null, null, null);
        }
        if (event instanceof OrderFlaggedOverdue) {
            return new Step("OrderFlaggedOverdue", null, null, null);
        }
        if (event instanceof OrderDelivered) {
            return new Step("OrderDelivered", "DELIVERED", null, null);
        }
        if (Order.isCommand(event)) {
            return null; // requests to other modules: nothing to show yet
        }
        throw new IllegalArgumentException("no projection for " + event.getClass().getName());
    }
}
