package dev.eventshop.orders.application;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.Loaded;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.Inbox;
import io.smallrye.mutiny.Uni;

/**
 * Moves an order on when another module answers: decide on the order, write, once per answer. The order as this
 * instance last wrote it spares reading its stream; see {@link OrderWriter#remembered} for when that may be trusted.
 */
@ApplicationScoped
public class OrderProcess {

    private final Inbox inbox;
    private final OrderWriter writer;

    public OrderProcess(Inbox inbox, OrderWriter writer) {
        this.inbox = inbox;
        this.writer = writer;
    }

    public Uni<Void> decide(String subscription, RecordedEvent answer, String orderId,
            Function<Order, List<Object>> decision) {
        Optional<Loaded<Order>> remembered = writer.remembered(orderId);
        if (remembered.isPresent() && remembered.get().exists()) {
            Loaded<Order> order = remembered.get();
            List<Object> events = decision.apply(order.state());
            if (!events.isEmpty()) {
                // an order moved on meanwhile (by another subscription or instance) makes the append conflict:
                // then decide again on the stored order
                return write(subscription, answer, orderId, order.version(), order.state(), events)
                        .onFailure(ConcurrencyConflictException.class)
                        .recoverWithUni(() -> decideOnStored(subscription, answer, orderId, decision));
            }
        }
        return decideOnStored(subscription, answer, orderId, decision);
    }

    private Uni<Void> decideOnStored(String subscription, RecordedEvent answer, String orderId,
            Function<Order, List<Object>> decision) {
        return writer.load(orderId).chain(order -> write(subscription, answer, orderId, order.version(),
                order.state(), order.exists() ? decision.apply(order.state()) : List.of()));
    }

    /** Once per answer: the inbox row, even when the decision was to do nothing, and the order's new events. */
    private Uni<Void> write(String subscription, RecordedEvent answer, String orderId, long version, Order state,
            List<Object> events) {
        return inbox.once(subscription, answer, tx -> writer.write(tx, orderId, version, state, events,
                EventMetadata.causedBy(answer, OrdersModule.NAME)))
                .replaceWithVoid();
    }
}
