package dev.eventshop.orders.application;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.StockReleased;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.api.StockShipped;
import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.payments.api.PaymentCaptured;
import dev.eventshop.payments.api.PaymentRefunded;
import dev.eventshop.payments.api.PaymentStreams;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.EventStore.FlowEvent;
import dev.eventshop.platform.operations.ReconciliationCheck;
import dev.eventshop.platform.operations.ReconciliationConfig;
import io.smallrye.mutiny.Uni;

/**
 * The order saga's own look at what the modules published for each order placed in the window: an order still
 * pending past its confirmation deadline, stock still reserved for a cancelled order, money captured and kept while
 * no stock is held for it. Judged from the published events only (the other modules' tables are theirs), each after
 * {@code eventshop.reconciliation.grace}, so a compensation on its way is not reported.
 */
@ApplicationScoped
public class OrderSagaReconciliation implements ReconciliationCheck {

    public static final String PENDING_PAST_DEADLINE = "PENDING_PAST_DEADLINE";
    public static final String RESERVATION_HELD_FOR_CANCELLED_ORDER = "RESERVATION_HELD_FOR_CANCELLED_ORDER";
    public static final String CAPTURED_WITHOUT_RESERVATION = "CAPTURED_WITHOUT_RESERVATION";

    private final EventStore store;
    private final EventCodec codec;
    private final OrdersConfig orders;
    private final ReconciliationConfig config;

    public OrderSagaReconciliation(EventStore store, EventCodec codec, OrdersConfig orders,
            ReconciliationConfig config) {
        this.store = store;
        this.codec = codec;
        this.orders = orders;
        this.config = config;
    }

    @Override
    public String module() {
        return OrdersModule.NAME;
    }

    @Override
    public List<String> kinds() {
        return List.of(PENDING_PAST_DEADLINE, RESERVATION_HELD_FOR_CANCELLED_ORDER, CAPTURED_WITHOUT_RESERVATION);
    }

    @Override
    public Uni<List<Finding>> findings(Instant since) {
        List<String> types = List.of(type(OrderPlaced.class), type(OrderConfirmed.class), type(OrderCancelled.class),
                type(StockReserved.class), type(StockReleased.class), type(StockShipped.class),
                type(PaymentCaptured.class), type(PaymentRefunded.class));
        return store.flows(OrderStreams.ORDER, type(OrderPlaced.class), List.of(OrderStreams.orderStream(""),
                InventoryStreams.reservationStream(""), PaymentStreams.paymentStream("")), types, since, config.limit())
                .map(flows -> {
                    Instant now = Instant.now();
                    List<Finding> findings = new ArrayList<>();
                    flows.forEach((orderId, events) -> judge(orderId, events, now, findings));
                    return findings;
                });
    }

    private void judge(String orderId, List<FlowEvent> events, Instant now, List<Finding> findings) {
        Instant settled = now.minus(config.grace());
        Optional<Instant> placed = first(events, OrderPlaced.class);
        Optional<Instant> cancelled = first(events, OrderCancelled.class);
        boolean closed = cancelled.isPresent() || first(events, OrderConfirmed.class).isPresent();
        boolean reserved = first(events, StockReserved.class).isPresent();
        boolean released = first(events, StockReleased.class).isPresent();
        boolean shipped = first(events, StockShipped.class).isPresent();
        Optional<Instant> captured = first(events, PaymentCaptured.class);
        boolean refunded = first(events, PaymentRefunded.class).isPresent();

        Duration allowed = orders.confirmationTimeout().plus(config.grace());
        if (placed.isPresent() && !closed && placed.get().plus(allowed).isBefore(now)) {
            findings.add(new Finding(PENDING_PAST_DEADLINE, orderId, "placed at " + placed.get()
                    + ", neither confirmed nor cancelled after " + orders.confirmationTimeout()
                    + " (the deadline check should have cancelled it)"));
        }
        if (cancelled.isPresent() && cancelled.get().isBefore(settled) && reserved && !released && !shipped) {
            findings.add(new Finding(RESERVATION_HELD_FOR_CANCELLED_ORDER, orderId, "cancelled at " + cancelled.get()
                    + ", its stock is still reserved (no StockReleased)"));
        }
        if (captured.isPresent() && captured.get().isBefore(settled) && !refunded && (!reserved || released)) {
            findings.add(new Finding(CAPTURED_WITHOUT_RESERVATION, orderId, "payment captured at " + captured.get()
                    + " and not refunded, while " + (reserved ? "its stock was released" : "no stock was reserved")));
        }
    }

    private Optional<Instant> first(List<FlowEvent> events, Class<?> type) {
        String name = type(type);
        return events.stream().filter(event -> event.type().equals(name)).map(FlowEvent::occurredAt)
                .min(Instant::compareTo);
    }

    private String type(Class<?> type) {
        return codec.typeOf(type);
    }
}
