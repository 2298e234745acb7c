package dev.eventshop.orders.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderLine;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.api.ShippingAddress;
import dev.eventshop.orders.domain.CancellationReason;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.money.Money;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The order process decides on the order as this instance last wrote it, to spare reading the stream on every step.
 * When someone else moved the order on meanwhile (another instance, another subscription), that memory is stale: the
 * append must conflict and the decision be taken again on the stored order, never on the stale one.
 */
@QuarkusTest
class OrderProcessTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OrderWriter writer;

    @Inject
    OrderProcess process;

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Test
    void aDecisionOnARememberedOrderThatMovedOnElsewhereIsTakenAgainOnTheStoredOrder() {
        String orderId = UUID.randomUUID().toString();
        String stream = OrderStreams.orderStream(orderId);
        placeAlone(orderId);
        assertThat(writer.remembered(orderId)).hasValueSatisfying(order -> assertThat(order.version()).isEqualTo(1));

        // another instance cancels it: this one's memory still says pending
        store.append(new StreamAppend(stream, OrderStreams.ORDER, 1,
                List.of(NewEvent.of(new OrderCancelled(orderId, "CUSTOMER_CANCELLED")))),
                EventMetadata.start(OrdersModule.NAME)).await().atMost(WAIT);

        process.decide("order-process-test", answer(), orderId, Order::stockReserved).await().atMost(WAIT);

        assertThat(store.readStream(stream).await().atMost(WAIT)).extracting(RecordedEvent::type)
                .as("a cancelled order asks for no payment")
                .containsExactly("orders.OrderPlaced.v1", "orders.OrderCancelled.v1");
        assertThat(writer.remembered(orderId)).hasValueSatisfying(order -> assertThat(order.version()).isEqualTo(2));
    }

    /**
     * A step written as one statement must find the order's view row: one that is not there for the statement (lost,
     * or put back by a rebuild after the statement began) fails it whole, and the step is written in a transaction
     * instead, as before the order process wrote in one statement.
     */
    @Test
    void aStepWhoseViewRowIsNotThereIsWrittenInATransactionInstead() {
        String orderId = UUID.randomUUID().toString();
        String stream = OrderStreams.orderStream(orderId);
        placeAlone(orderId);
        pool.preparedQuery("DELETE FROM orders.order_view WHERE order_id = $1").execute(Tuple.of(orderId))
                .await().atMost(WAIT);

        process.decide("order-process-test", answer(), orderId, Order::stockReserved).await().atMost(WAIT);

        assertThat(store.readStream(stream).await().atMost(WAIT)).extracting(RecordedEvent::type)
                .containsExactly("orders.OrderPlaced.v1", "orders.OrderStockReserved.v1",
                        "payments.CapturePaymentCommand.v1");
    }

    /**
     * The next deadline follows from what the order waits for, not from each event: a cancellation refused after
     * the parcel left (the order already SHIPPED) leaves the delivery deadline alone.
     */
    @Test
    void theNextDeadlineFollowsWhatTheOrderWaitsFor() {
        String orderId = UUID.randomUUID().toString();
        Instant placedAt = Instant.now();
        // the order's own steps, without its requests to other modules, so no module moves it on meanwhile
        step(orderId, order -> Order.place(orderId, "deadline-test", List.of(new OrderLine("SKU-X", 1,
                new Money(100, "EUR"))), new ShippingAddress("A", "B", "C", "D", "NL"), "tok_visa",
                placedAt.plus(Duration.ofMinutes(15))));
        assertDeadline(orderId, Duration.ofMinutes(15), placedAt);
        step(orderId, Order::stockReserved);
        assertDeadline(orderId, Duration.ofMinutes(15), placedAt);
        Instant confirmed = step(orderId, Order::paymentCaptured);
        assertDeadline(orderId, Duration.ofHours(1), confirmed);
        Instant scheduled = step(orderId, order -> order.shipmentScheduled("TRK-1"));
        assertDeadline(orderId, Duration.ofDays(3), scheduled);
        Instant requested = step(orderId, order -> order.cancel(CancellationReason.CUSTOMER_CANCELLED));
        assertDeadline(orderId, Duration.ofHours(1), requested);
        Instant shipped = step(orderId, Order::shipmentDispatched);
        assertDeadline(orderId, Duration.ofDays(14), shipped);
        step(orderId, order -> order.cancellationRefused("the parcel has left"));
        assertDeadline(orderId, Duration.ofDays(14), shipped);
        Instant flagged = step(orderId, Order::deadlinePassed);
        assertThat(pool.preparedQuery("SELECT deadline = 'infinity' AS none FROM orders.order_view WHERE order_id = $1")
                .execute(Tuple.of(orderId)).await().atMost(WAIT).iterator().next().getBoolean("none"))
                .as("flagged overdue for delivery at %s: nothing more to do here", flagged).isTrue();
        assertThat(writer.load(orderId).await().atMost(WAIT).state().deadlinePassed())
                .as("flagged once for this wait").isEmpty();
        // an order shipped without stock, payment or parcel exists only here: out of the view the shop's invariants read
        pool.preparedQuery("DELETE FROM orders.order_view WHERE order_id = $1").execute(Tuple.of(orderId))
                .await().atMost(WAIT);
    }

    /** Decides on the stored order and writes what it decided, leaving out its requests to other modules. */
    private Instant step(String orderId, java.util.function.Function<Order, List<Object>> decision) {
        var order = writer.load(orderId).await().atMost(WAIT);
        List<Object> events = decision.apply(order.state()).stream().filter(event -> !Order.isCommand(event)).toList();
        assertThat(events).isNotEmpty();
        EventMetadata metadata = EventMetadata.startIn(orderId, OrdersModule.NAME);
        store.inTransaction(tx -> writer.write(tx, orderId, order.exists() ? order.version() : ExpectedVersion.NO_STREAM,
                order.state(), events, metadata)).await().atMost(WAIT);
        return metadata.occurredAt();
    }

    private void assertDeadline(String orderId, Duration after, Instant from) {
        Instant deadline = pool.preparedQuery("SELECT deadline FROM orders.order_view WHERE order_id = $1")
                .execute(Tuple.of(orderId)).await().atMost(WAIT).iterator().next().getOffsetDateTime("deadline")
                .toInstant();
        assertThat(Duration.between(from.plus(after), deadline).abs()).as("deadline %s", deadline)
                .isLessThan(Duration.ofMillis(5));
    }

    /** Inventory's answer as the subscription would hand it over. */
    /** The placement alone, without the request to inventory, so no saga of its own moves this order. */
    private void placeAlone(String orderId) {
        Object placed = Order.place(orderId, "order-process-test", List.of(new OrderLine("SKU-X", 1,
                new Money(100, "EUR"))), new ShippingAddress("A", "B", "C", "D", "NL"), "tok_visa",
                Instant.now().plus(Duration.ofDays(1))).get(0);
        store.inTransaction(tx -> writer.write(tx, orderId, ExpectedVersion.NO_STREAM, Order.empty(), List.of(placed),
                EventMetadata.start(OrdersModule.NAME))).await().atMost(WAIT);
    }

    private static RecordedEvent answer() {
        return new RecordedEvent(UUID.randomUUID(), "inventory-reservation-test", "inventory.reservation", 1,
                "inventory.StockReserved.v1", "{}", EventMetadata.start("inventory"), 0, 0, Instant.now());
    }
}
