package dev.eventshop.orders.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.orders.infrastructure.OrderViewProjection;
import dev.eventshop.orders.infrastructure.OrderViewProjection.Rebuilt;
import dev.eventshop.orders.infrastructure.OrderViewProjection.Step;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.operations.ReadModel;
import io.smallrye.mutiny.Uni;

/**
 * {@code orders.order_view} worked out again from each order's stream, with the writer's own steps: the events of one
 * write (one transaction) move the order, its view and its next deadline exactly as {@link OrderWriter} did when it
 * wrote them.
 */
@ApplicationScoped
public class OrderViewRebuild implements ReadModel {

    public static final String NAME = "orders.order_view";

    private final OrderViewProjection views;
    private final OrderWriter writer;
    private final EventCodec codec;
    private final Map<String, Class<?>> contracts;

    public OrderViewRebuild(OrderViewProjection views, OrderWriter writer, EventCodec codec) {
        this.views = views;
        this.writer = writer;
        this.codec = codec;
        this.contracts = Order.EVENTS.stream().collect(Collectors.toMap(codec::typeOf, Function.identity()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String module() {
        return OrdersModule.NAME;
    }

    @Override
    public String streamType() {
        return OrderStreams.ORDER;
    }

    @Override
    public Uni<Boolean> rebuild(EventStore.Tx tx, String streamId, boolean again) {
        String orderId = streamId.substring(OrderStreams.orderStream("").length());
        return views.lock(tx.connection(), orderId)
                .chain(() -> tx.readStream(streamId))
                .chain(events -> events.isEmpty() ? Uni.createFrom().item(false)
                        : views.rewrite(tx.connection(), rowOf(streamId, events), again));
    }

    private Rebuilt rowOf(String streamId, List<RecordedEvent> events) {
        Order order = Order.empty();
        Rebuilt row = null;
        int from = 0;
        while (from < events.size()) {
            // one write: the events its transaction appended, sharing its time (OrderWriter writes an order once per
            // transaction)
            long transaction = events.get(from).transactionId();
            int to = from;
            List<Object> write = new ArrayList<>();
            while (to < events.size() && events.get(to).transactionId() == transaction) {
                write.add(decode(events.get(to)));
                to++;
            }
            Instant at = events.get(from).metadata().occurredAt();
            OrderWriter.NextDeadline next = writer.nextDeadline(order, write, at);
            for (Object event : write) {
                if (event instanceof OrderPlaced placed) {
                    row = new Rebuilt(placed, at);
                    continue;
                }
                Step step = OrderWriter.stepOf(event);
                if (step != null) {
                    if (row == null) {
                        throw new IllegalStateException("Stream " + streamId + " does not begin with OrderPlaced");
                    }
                    row.step(step, at);
                }
            }
            if (row != null) {
                row.deadline(next.change(), next.due());
            }
            from = to;
        }
        if (row == null) {
            throw new IllegalStateException("Stream " + streamId + " holds no OrderPlaced");
        }
        return row;
    }

    private Object decode(RecordedEvent event) {
        Class<?> contract = contracts.get(event.type());
        if (contract == null) {
            throw new IllegalStateException("Stream " + event.streamId() + " holds " + event.type()
                    + ", which the order does not know");
        }
        return codec.decode(event, contract);
    }
}
