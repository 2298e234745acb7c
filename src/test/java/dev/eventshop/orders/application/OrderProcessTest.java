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
import dev.eventshop.orders.domain.Order;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.money.Money;
import io.quarkus.test.junit.QuarkusTest;

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

    @Test
    void aDecisionOnARememberedOrderThatMovedOnElsewhereIsTakenAgainOnTheStoredOrder() {
        String orderId = UUID.randomUUID().toString();
        String stream = OrderStreams.orderStream(orderId);
        // the placement alone, without the request to inventory, so no saga of its own moves this order
        Object placed = Order.place(orderId, "order-process-test", List.of(new OrderLine("SKU-X", 1,
                new Money(100, "EUR"))), new ShippingAddress("A", "B", "C", "D", "NL"), "tok_visa",
                Instant.now().plus(Duration.ofDays(1))).get(0);
        store.inTransaction(tx -> writer.write(tx, orderId, ExpectedVersion.NO_STREAM, List.of(placed),
                EventMetadata.start(OrdersModule.NAME))).await().atMost(WAIT);
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

    /** Inventory's answer as the subscription would hand it over. */
    private static RecordedEvent answer() {
        return new RecordedEvent(UUID.randomUUID(), "inventory-reservation-test", "inventory.reservation", 1,
                "inventory.StockReserved.v1", "{}", EventMetadata.start("inventory"), 0, 0, Instant.now());
    }
}
