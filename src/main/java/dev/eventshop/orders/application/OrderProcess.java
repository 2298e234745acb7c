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
import dev.eventshop.platform.eventstore.OneStatement;
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
                return write(subscription, answer, orderId, order.version(), order.state(), events, decision)
                        .onFailure(ConcurrencyConflictException.class)
                        .recoverWithUni(() -> decideOnStored(subscription, answer, orderId, decision, true));
            }
        }
        return decideOnStored(subscription, answer, orderId, decision, true);
    }

    private Uni<Void> decideOnStored(String subscription, RecordedEvent answer, String orderId,
            Function<Order, List<Object>> decision, boolean inOneStatement) {
        return writer.load(orderId).chain(order -> {
            List<Object> events = order.exists() ? decision.apply(order.state()) : List.of();
            return inOneStatement ? write(subscription, answer, orderId, order.version(), order.state(), events, decision)
                    : inTransaction(subscription, answer, orderId, order.version(), order.state(), events);
        });
    }

    /**
     * Once per answer: the inbox row, even when the decision was to do nothing, and the order's new events; as one
     * statement when the write can be one (see {@link OrderWriter#asOneStatement}).
     */
    private Uni<Void> write(String subscription, RecordedEvent answer, String orderId, long version, Order state,
            List<Object> events, Function<Order, List<Object>> decision) {
        EventMetadata metadata = EventMetadata.causedBy(answer, OrdersModule.NAME);
        Optional<OneStatement> one = writer.asOneStatement(orderId, version, state, events, metadata);
        if (one.isEmpty()) {
            return inTransaction(subscription, answer, orderId, version, state, events);
        }
        return inbox.once(subscription, answer, one.get()).replaceWithVoid()
                .onFailure(ConcurrencyConflictException.class).invoke(() -> writer.forget(orderId))
                // the order's view row is not there for one statement (lost, or put back by a rebuild meanwhile): a
                // transaction sees it as soon as it is committed, as the rebuild expects
                .onFailure(OneStatement.MissingRowException.class)
                .recoverWithUni(() -> decideOnStored(subscription, answer, orderId, decision, false));
    }

    private Uni<Void> inTransaction(String subscription, RecordedEvent answer, String orderId, long version,
            Order state, List<Object> events) {
        return inbox.once(subscription, answer, tx -> writer.write(tx, orderId, version, state, events,
                EventMetadata.causedBy(answer, OrdersModule.NAME)))
                .replaceWithVoid();
    }
}
