package dev.eventshop.orders.application;

import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.Inbox;
import io.smallrye.mutiny.Uni;

/** Moves an order on when another module answers: decide on the current order, write, once per answer. */
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
        return writer.load(orderId).chain(order -> inbox.once(subscription, answer, tx -> order.exists()
                ? writer.write(tx, orderId, order.version(), decision.apply(order.state()),
                        EventMetadata.causedBy(answer, OrdersModule.NAME))
                : Uni.createFrom().voidItem()))
                .replaceWithVoid();
    }
}
