package dev.eventshop.orders.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eventshop.inventory.api.ReleaseStockCommand;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.orders.api.OrderCancellationRefused;
import dev.eventshop.orders.api.OrderCancellationRequested;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderDelivered;
import dev.eventshop.orders.api.OrderFlaggedOverdue;
import dev.eventshop.orders.api.OrderLine;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderShipmentScheduled;
import dev.eventshop.orders.api.OrderShipped;
import dev.eventshop.orders.api.OrderStockReserved;
import dev.eventshop.orders.api.ShippingAddress;
import dev.eventshop.orders.domain.Order.Awaiting;
import dev.eventshop.payments.api.CapturePaymentCommand;
import dev.eventshop.payments.api.RefundPaymentCommand;
import dev.eventshop.platform.money.Money;
import dev.eventshop.shipping.api.Address;
import dev.eventshop.shipping.api.CancelShipmentCommand;
import dev.eventshop.shipping.api.ScheduleShipmentCommand;

class OrderTest {

    private static final String ORDER_ID = "order-1";
    private static final String CUSTOMER_ID = "customer-1";
    private static final String PAYMENT_TOKEN = "tok_visa";
    private static final String TRACKING = "TRACK-1";
    private static final Instant DEADLINE = Instant.parse("2030-01-01T12:00:00Z");
    private static final ShippingAddress ADDRESS = new ShippingAddress("Ada Lovelace", "12 St James's Square",
            "London", "SW1Y 4JH", "GB");
    private static final Money TOTAL = eur(2500);

    private static final List<Object> PENDING = List.of(new OrderPlaced(ORDER_ID, CUSTOMER_ID,
            List.of(new OrderLine("SKU-1", 2, eur(1250))), TOTAL, ADDRESS, PAYMENT_TOKEN, DEADLINE));
    private static final List<Object> STOCK_RESERVED = then(PENDING, new OrderStockReserved(ORDER_ID));
    private static final List<Object> CONFIRMED = then(STOCK_RESERVED, new OrderConfirmed(ORDER_ID));
    private static final List<Object> BOOKED = then(CONFIRMED, new OrderShipmentScheduled(ORDER_ID, TRACKING));
    private static final List<Object> CANCELLATION_REQUESTED = then(BOOKED,
            new OrderCancellationRequested(ORDER_ID, "CUSTOMER_CANCELLED"));
    private static final List<Object> SHIPPED = then(BOOKED, new OrderShipped(ORDER_ID, TRACKING));
    private static final List<Object> DELIVERED = then(SHIPPED, new OrderDelivered(ORDER_ID));
    private static final List<Object> CANCELLED = then(PENDING, new OrderCancelled(ORDER_ID, "CUSTOMER_CANCELLED"));

    // placing

    @Test
    void placingAnOrderRecordsItsTotalAndAsksInventoryToReserveEveryLine() {
        List<Object> events = Order.place(ORDER_ID, CUSTOMER_ID,
                List.of(new OrderLine("SKU-1", 2, eur(1250)), new OrderLine("SKU-2", 3, eur(199))), ADDRESS,
                PAYMENT_TOKEN, DEADLINE);

        assertThat(events).containsExactly(
                new OrderPlaced(ORDER_ID, CUSTOMER_ID,
                        List.of(new OrderLine("SKU-1", 2, eur(1250)), new OrderLine("SKU-2", 3, eur(199))),
                        eur(3097), ADDRESS, PAYMENT_TOKEN, DEADLINE),
                new ReserveStockCommand(ORDER_ID, List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 3))));
    }

    @Test
    void aPlacedOrderIsPendingAndAwaitsConfirmation() {
        Order order = given(Order.place(ORDER_ID, CUSTOMER_ID, List.of(new OrderLine("SKU-1", 1, eur(100))), ADDRESS,
                PAYMENT_TOKEN, DEADLINE));

        assertThat(order.exists()).isTrue();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.awaiting()).isEqualTo(Awaiting.CONFIRMATION);
    }

    @Test
    void placingAnOrderWithoutLinesIsRefused() {
        assertThatThrownBy(() -> Order.place(ORDER_ID, CUSTOMER_ID, List.of(), ADDRESS, PAYMENT_TOKEN, DEADLINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one line");
    }

    @Test
    void placingAnOrderPricedInTwoCurrenciesIsRefused() {
        List<OrderLine> lines = List.of(new OrderLine("SKU-1", 1, eur(100)),
                new OrderLine("SKU-2", 1, new Money(100, "USD")));

        assertThatThrownBy(() -> Order.place(ORDER_ID, CUSTOMER_ID, lines, ADDRESS, PAYMENT_TOKEN, DEADLINE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderWithNoHistoryDoesNotExistAndAwaitsNothing() {
        Order order = Order.empty();

        assertThat(order.exists()).isFalse();
        assertThat(order.status()).isNull();
        assertThat(order.awaiting()).isEqualTo(Awaiting.NONE);
        assertThat(order.deadlinePassed()).isEmpty();
        assertThat(order.stockReserved()).isEmpty();
        assertThat(order.paymentCaptured()).isEmpty();
    }

    // stock reserved

    @Test
    void reservedStockOfAPendingOrderAsksPaymentsToCaptureTheTotal() {
        Order order = given(PENDING);

        List<Object> events = order.stockReserved();

        assertThat(events).containsExactly(new OrderStockReserved(ORDER_ID),
                new CapturePaymentCommand(ORDER_ID, TOTAL, PAYMENT_TOKEN, CUSTOMER_ID));
        assertThat(given(PENDING, events).status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void stockReservedTwiceAsksForTheCaptureOnlyOnce() {
        assertThat(given(STOCK_RESERVED).stockReserved()).isEmpty();
    }

    @Test
    void stockReservedForACancelledOrderIsIgnored() {
        assertThat(given(CANCELLED).stockReserved()).isEmpty();
    }

    // payment captured

    @Test
    void aCapturedPaymentConfirmsThePendingOrderAndAsksShippingToBookTheParcel() {
        Order order = given(STOCK_RESERVED);

        List<Object> events = order.paymentCaptured();

        assertThat(events).containsExactly(new OrderConfirmed(ORDER_ID),
                new ScheduleShipmentCommand(ORDER_ID,
                        new Address("Ada Lovelace", "12 St James's Square", "London", "SW1Y 4JH", "GB"), CUSTOMER_ID));
        Order confirmed = given(STOCK_RESERVED, events);
        assertThat(confirmed.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(confirmed.awaiting()).isEqualTo(Awaiting.BOOKING);
    }

    @Test
    void aSecondCaptureOfAConfirmedOrderCausesNothing() {
        assertThat(given(CONFIRMED).paymentCaptured()).isEmpty();
    }

    @Test
    void aCaptureArrivingAfterTheOrderWasCancelledCausesNothing() {
        // the refund sent with the cancellation follows the capture in payments' queue
        assertThat(given(CANCELLED).paymentCaptured()).isEmpty();
    }

    // shipment scheduled

    @Test
    void aBookedShipmentRecordsItsTrackingNumberAndTheOrderAwaitsDispatch() {
        Order order = given(CONFIRMED);

        List<Object> events = order.shipmentScheduled(TRACKING);

        assertThat(events).containsExactly(new OrderShipmentScheduled(ORDER_ID, TRACKING));
        assertThat(given(CONFIRMED, events).awaiting()).isEqualTo(Awaiting.DISPATCH);
    }

    @Test
    void aSecondBookingKeepsTheFirstTrackingNumber() {
        Order order = given(BOOKED);

        assertThat(order.shipmentScheduled("TRACK-2")).isEmpty();
        assertThat(order.shipmentDispatched()).first().isEqualTo(new OrderShipped(ORDER_ID, TRACKING));
    }

    @Test
    void aBookingForAnOrderThatIsNotConfirmedCausesNothing() {
        assertThat(given(PENDING).shipmentScheduled(TRACKING)).isEmpty();
        assertThat(given(CANCELLED).shipmentScheduled(TRACKING)).isEmpty();
    }

    // shipment dispatched

    @Test
    void aDispatchedParcelShipsTheOrderAndItsStockLeavesInventory() {
        Order order = given(BOOKED);

        List<Object> events = order.shipmentDispatched();

        assertThat(events).containsExactly(new OrderShipped(ORDER_ID, TRACKING), new ShipStockCommand(ORDER_ID));
        Order shipped = given(BOOKED, events);
        assertThat(shipped.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.awaiting()).isEqualTo(Awaiting.DELIVERY);
    }

    @Test
    void aRepeatedDispatchCausesNothing() {
        assertThat(given(SHIPPED).shipmentDispatched()).isEmpty();
    }

    @Test
    void aDispatchForACancelledOrderCausesNothing() {
        assertThat(given(CANCELLED).shipmentDispatched()).isEmpty();
    }

    @Test
    void aParcelThatLeavesWhileACancellationIsUnderWayShipsTheOrder() {
        Order order = given(CANCELLATION_REQUESTED);

        List<Object> events = order.shipmentDispatched();

        assertThat(events).containsExactly(new OrderShipped(ORDER_ID, TRACKING), new ShipStockCommand(ORDER_ID));
        assertThat(given(CANCELLATION_REQUESTED, events).status()).isEqualTo(OrderStatus.SHIPPED);
    }

    // shipment delivered

    @Test
    void aDeliveredParcelCompletesAShippedOrder() {
        Order order = given(SHIPPED);

        List<Object> events = order.shipmentDelivered();

        assertThat(events).containsExactly(new OrderDelivered(ORDER_ID));
        Order delivered = given(SHIPPED, events);
        assertThat(delivered.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(delivered.status().isTerminal()).isTrue();
        assertThat(delivered.awaiting()).isEqualTo(Awaiting.NONE);
    }

    @Test
    void aDeliveryOfAnOrderThatIsNotShippedCausesNothing() {
        assertThat(given(BOOKED).shipmentDelivered()).isEmpty();
        assertThat(given(DELIVERED).shipmentDelivered()).isEmpty();
        assertThat(given(CANCELLED).shipmentDelivered()).isEmpty();
    }

    // cancelling

    @Test
    void cancellingAPendingOrderCancelsItAtOnceReleasingItsStockAndRefundingItsPayment() {
        Order order = given(STOCK_RESERVED);

        List<Object> events = order.cancel(CancellationReason.CUSTOMER_CANCELLED);

        assertThat(events).containsExactly(new OrderCancelled(ORDER_ID, "CUSTOMER_CANCELLED"),
                new ReleaseStockCommand(ORDER_ID), new RefundPaymentCommand(ORDER_ID));
        Order cancelled = given(STOCK_RESERVED, events);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.awaiting()).isEqualTo(Awaiting.NONE);
    }

    @Test
    void cancellingAConfirmedOrderOnlyAsksShippingToCallTheParcelOff() {
        Order order = given(BOOKED);

        List<Object> events = order.cancel(CancellationReason.CUSTOMER_CANCELLED);

        assertThat(events).containsExactly(new OrderCancellationRequested(ORDER_ID, "CUSTOMER_CANCELLED"),
                new CancelShipmentCommand(ORDER_ID));
        Order requested = given(BOOKED, events);
        assertThat(requested.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(requested.awaiting()).isEqualTo(Awaiting.CANCELLATION_ANSWER);
    }

    @Test
    void cancellingAgainBeforeShippingAnsweredAsksShippingAgain() {
        assertThat(given(CANCELLATION_REQUESTED).cancel(CancellationReason.CUSTOMER_CANCELLED))
                .containsExactly(new CancelShipmentCommand(ORDER_ID));
    }

    @Test
    void cancellingAShippedOrderIsRefused() {
        Order order = given(SHIPPED);

        assertThatThrownBy(() -> order.cancel(CancellationReason.CUSTOMER_CANCELLED))
                .isInstanceOf(OrderException.NotCancellable.class)
                .hasMessageContaining(ORDER_ID)
                .hasMessageContaining("SHIPPED");
    }

    @Test
    void cancellingADeliveredOrderIsRefused() {
        Order order = given(DELIVERED);

        assertThatThrownBy(() -> order.cancel(CancellationReason.CUSTOMER_CANCELLED))
                .isInstanceOf(OrderException.NotCancellable.class)
                .hasMessageContaining("DELIVERED");
    }

    @Test
    void cancellingACancelledOrderCausesNothing() {
        assertThat(given(CANCELLED).cancel(CancellationReason.CUSTOMER_CANCELLED)).isEmpty();
    }

    // shipping's answers to a cancellation

    @Test
    void aShipmentCalledOffCancelsTheOrderReleasingItsStockAndRefundingItsPayment() {
        Order order = given(CANCELLATION_REQUESTED);

        List<Object> events = order.shipmentCancelled();

        assertThat(events).containsExactly(new OrderCancelled(ORDER_ID, "CUSTOMER_CANCELLED"),
                new ReleaseStockCommand(ORDER_ID), new RefundPaymentCommand(ORDER_ID));
        Order cancelled = given(CANCELLATION_REQUESTED, events);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.awaiting()).isEqualTo(Awaiting.NONE);
    }

    @Test
    void aShipmentCalledOffKeepsTheReasonTheCancellationWasAskedFor() {
        List<Object> requested = then(CONFIRMED, new OrderCancellationRequested(ORDER_ID, "SHIPMENT_NOT_SCHEDULED"));

        assertThat(given(requested).shipmentCancelled())
                .first().isEqualTo(new OrderCancelled(ORDER_ID, "SHIPMENT_NOT_SCHEDULED"));
    }

    @Test
    void aShipmentCalledOffThatNobodyAskedForCausesNothing() {
        assertThat(given(BOOKED).shipmentCancelled()).isEmpty();
    }

    @Test
    void aRepeatedShipmentCalledOffAnswerCausesNothing() {
        Order order = given(CANCELLATION_REQUESTED);
        List<Object> cancelled = then(CANCELLATION_REQUESTED, order.shipmentCancelled().toArray());

        assertThat(given(cancelled).shipmentCancelled()).isEmpty();
    }

    @Test
    void aRefusedCancellationIsRecordedAndTheOrderAwaitsItsDispatchAgain() {
        Order order = given(CANCELLATION_REQUESTED);

        List<Object> events = order.cancellationRefused("the parcel was dispatched already");

        assertThat(events).containsExactly(
                new OrderCancellationRefused(ORDER_ID, "the parcel was dispatched already"));
        Order refused = given(CANCELLATION_REQUESTED, events);
        assertThat(refused.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(refused.awaiting()).isEqualTo(Awaiting.DISPATCH);
        assertThat(refused.shipmentCancelled()).as("no cancellation is under way any more").isEmpty();
    }

    @Test
    void aRefusalArrivingAfterTheDispatchIsStillRecorded() {
        List<Object> shippedWhileAsked = then(CANCELLATION_REQUESTED, new OrderShipped(ORDER_ID, TRACKING));

        List<Object> events = given(shippedWhileAsked).cancellationRefused("the parcel was dispatched already");

        assertThat(events).containsExactly(
                new OrderCancellationRefused(ORDER_ID, "the parcel was dispatched already"));
        assertThat(given(shippedWhileAsked, events).status()).isEqualTo(OrderStatus.SHIPPED);
    }

    @Test
    void aRefusalThatNobodyAskedForCausesNothing() {
        assertThat(given(BOOKED).cancellationRefused("the parcel was dispatched already")).isEmpty();
    }

    @Test
    void aRepeatedRefusalIsRecordedOnlyOnce() {
        List<Object> refused = then(CANCELLATION_REQUESTED, new OrderCancellationRefused(ORDER_ID, "dispatched"));

        assertThat(given(refused).cancellationRefused("dispatched")).isEmpty();
    }

    // cancellations by the system

    @Test
    void anOrderOutOfStockIsCancelledWithNothingToUndo() {
        Order order = given(PENDING);

        List<Object> events = order.abandon(CancellationReason.OUT_OF_STOCK);

        assertThat(events).containsExactly(new OrderCancelled(ORDER_ID, "OUT_OF_STOCK"));
        assertThat(given(PENDING, events).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    /** Out of stock says nothing was reserved; an order that got further is undone in full whatever the reason. */
    @Test
    void outOfStockCancelsAnOrderThatGotFurtherWithEverythingUndone() {
        assertThat(given(STOCK_RESERVED).cancel(CancellationReason.OUT_OF_STOCK)).containsExactly(
                new OrderCancelled(ORDER_ID, "OUT_OF_STOCK"), new ReleaseStockCommand(ORDER_ID),
                new RefundPaymentCommand(ORDER_ID));
        assertThat(given(CONFIRMED).cancel(CancellationReason.OUT_OF_STOCK)).containsExactly(
                new OrderCancellationRequested(ORDER_ID, "OUT_OF_STOCK"), new CancelShipmentCommand(ORDER_ID));
    }

    @Test
    void anOrderThatDoesNotExistCannotBeCancelled() {
        assertThat(Order.empty().cancel(CancellationReason.CUSTOMER_CANCELLED)).isEmpty();
        assertThat(Order.empty().abandon(CancellationReason.OUT_OF_STOCK)).isEmpty();
    }

    @Test
    void aDeclinedPaymentCancelsThePendingOrderReleasingItsStock() {
        assertThat(given(STOCK_RESERVED).abandon(CancellationReason.PAYMENT_DECLINED)).containsExactly(
                new OrderCancelled(ORDER_ID, "PAYMENT_DECLINED"), new ReleaseStockCommand(ORDER_ID),
                new RefundPaymentCommand(ORDER_ID));
    }

    @Test
    void aSystemCancellationOfAnOrderNoLongerPendingCausesNothing() {
        assertThat(given(CONFIRMED).abandon(CancellationReason.PAYMENT_DECLINED)).isEmpty();
        assertThat(given(SHIPPED).abandon(CancellationReason.OUT_OF_STOCK)).isEmpty();
        assertThat(given(CANCELLED).abandon(CancellationReason.OUT_OF_STOCK)).isEmpty();
    }

    // deadlines

    @Test
    void aPendingOrderPastItsDeadlineTimesOut() {
        Order order = given(STOCK_RESERVED);

        List<Object> events = order.deadlinePassed();

        assertThat(events).containsExactly(new OrderCancelled(ORDER_ID, "TIMED_OUT"),
                new ReleaseStockCommand(ORDER_ID), new RefundPaymentCommand(ORDER_ID));
        assertThat(given(STOCK_RESERVED, events).status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aConfirmedOrderWhoseShipmentWasNeverBookedIsCalledOffWhenItsDeadlinePasses() {
        Order order = given(CONFIRMED);

        List<Object> events = order.deadlinePassed();

        assertThat(events).containsExactly(new OrderCancellationRequested(ORDER_ID, "SHIPMENT_NOT_SCHEDULED"),
                new CancelShipmentCommand(ORDER_ID));
        assertThat(given(CONFIRMED, events).awaiting()).isEqualTo(Awaiting.CANCELLATION_ANSWER);
    }

    @Test
    void anUnansweredCancellationIsFlaggedOnceAndAskedForAgainEachTime() {
        List<Object> first = given(CANCELLATION_REQUESTED).deadlinePassed();

        assertThat(first).containsExactly(new OrderFlaggedOverdue(ORDER_ID, "CANCELLATION_ANSWER"),
                new CancelShipmentCommand(ORDER_ID));
        assertThat(given(CANCELLATION_REQUESTED, first).deadlinePassed())
                .containsExactly(new CancelShipmentCommand(ORDER_ID));
    }

    @Test
    void aParcelNotPickedUpIsFlaggedOverdueOnlyOnce() {
        List<Object> first = given(BOOKED).deadlinePassed();

        assertThat(first).containsExactly(new OrderFlaggedOverdue(ORDER_ID, "DISPATCH"));
        assertThat(given(BOOKED, first).deadlinePassed()).isEmpty();
    }

    @Test
    void aParcelNotDeliveredIsFlaggedOverdueOnlyOnce() {
        List<Object> first = given(SHIPPED).deadlinePassed();

        assertThat(first).containsExactly(new OrderFlaggedOverdue(ORDER_ID, "DELIVERY"));
        assertThat(given(SHIPPED, first).deadlinePassed()).isEmpty();
    }

    @Test
    void eachNewWaitMayBeFlaggedOverdueAgain() {
        List<Object> flaggedForDispatch = then(BOOKED, new OrderFlaggedOverdue(ORDER_ID, "DISPATCH"));
        List<Object> shipped = then(flaggedForDispatch, new OrderShipped(ORDER_ID, TRACKING));

        assertThat(given(shipped).deadlinePassed())
                .containsExactly(new OrderFlaggedOverdue(ORDER_ID, "DELIVERY"));
    }

    @Test
    void aRefusedCancellationStartsTheWaitForDispatchAfresh() {
        List<Object> history = then(BOOKED, new OrderFlaggedOverdue(ORDER_ID, "DISPATCH"),
                new OrderCancellationRequested(ORDER_ID, "CUSTOMER_CANCELLED"),
                new OrderCancellationRefused(ORDER_ID, "the parcel was dispatched already"));

        assertThat(given(history).deadlinePassed()).containsExactly(new OrderFlaggedOverdue(ORDER_ID, "DISPATCH"));
    }

    @Test
    void aNewCancellationRequestMayBeFlaggedOverdueEvenIfTheOneBeforeWas() {
        List<Object> history = then(CANCELLATION_REQUESTED,
                new OrderFlaggedOverdue(ORDER_ID, "CANCELLATION_ANSWER"),
                new OrderCancellationRefused(ORDER_ID, "the parcel was dispatched already"),
                new OrderCancellationRequested(ORDER_ID, "CUSTOMER_CANCELLED"));

        assertThat(given(history).deadlinePassed()).containsExactly(
                new OrderFlaggedOverdue(ORDER_ID, "CANCELLATION_ANSWER"), new CancelShipmentCommand(ORDER_ID));
    }

    @Test
    void aFinishedOrderHasNoDeadline() {
        assertThat(given(DELIVERED).deadlinePassed()).isEmpty();
        assertThat(given(CANCELLED).deadlinePassed()).isEmpty();
    }

    // state comes only from events

    @Test
    void aCommandLeavesTheOrderAsItWasUntilItsEventsAreApplied() {
        Order order = given(BOOKED);

        List<Object> first = order.cancel(CancellationReason.CUSTOMER_CANCELLED);
        List<Object> second = order.cancel(CancellationReason.CUSTOMER_CANCELLED);

        assertThat(second).isEqualTo(first);
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.awaiting()).isEqualTo(Awaiting.DISPATCH);
    }

    @Test
    void anOrderThatAppliedItsOwnDecisionsMatchesOneRebuiltFromTheStream() {
        List<Object> stream = new ArrayList<>(Order.place(ORDER_ID, CUSTOMER_ID,
                List.of(new OrderLine("SKU-1", 2, eur(1250))), ADDRESS, PAYMENT_TOKEN, DEADLINE));
        Order live = given(stream);

        decideAndApply(live, stream, live.stockReserved());
        decideAndApply(live, stream, live.paymentCaptured());
        decideAndApply(live, stream, live.shipmentScheduled(TRACKING));
        decideAndApply(live, stream, live.deadlinePassed());
        decideAndApply(live, stream, live.cancel(CancellationReason.CUSTOMER_CANCELLED));
        decideAndApply(live, stream, live.cancellationRefused("the parcel was dispatched already"));
        decideAndApply(live, stream, live.shipmentDispatched());

        Order rebuilt = given(stream);
        assertThat(rebuilt.status()).isEqualTo(live.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(rebuilt.awaiting()).isEqualTo(live.awaiting()).isEqualTo(Awaiting.DELIVERY);
        assertThat(rebuilt.deadlinePassed()).isEqualTo(live.deadlinePassed());
        assertThat(rebuilt.shipmentDelivered()).isEqualTo(live.shipmentDelivered())
                .containsExactly(new OrderDelivered(ORDER_ID));
    }

    @Test
    void requestsToOtherModulesKeptInTheStreamDoNotMoveTheOrderOn() {
        List<Object> requests = List.of(new ReserveStockCommand(ORDER_ID, List.of(new StockLine("SKU-1", 2))),
                new CapturePaymentCommand(ORDER_ID, TOTAL, PAYMENT_TOKEN, CUSTOMER_ID),
                new ScheduleShipmentCommand(ORDER_ID, null, CUSTOMER_ID), new CancelShipmentCommand(ORDER_ID),
                new ShipStockCommand(ORDER_ID), new ReleaseStockCommand(ORDER_ID), new RefundPaymentCommand(ORDER_ID));

        Order order = given(PENDING, requests);

        assertThat(requests).allMatch(Order::isCommand);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.awaiting()).isEqualTo(Awaiting.CONFIRMATION);
        assertThat(order.stockReserved()).as("the request is not the answer").isNotEmpty();
    }

    @Test
    void theOrdersOwnEventsAreNotRequestsToOtherModules() {
        assertThat(BOOKED).noneMatch(Order::isCommand);
    }

    @Test
    void applyingAnEventOfAnotherAggregateIsRefused() {
        Order order = given(PENDING);

        assertThatThrownBy(() -> order.apply("not an order event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void everyEventTheOrderEmitsIsOneItCanApply() {
        List<Object> emitted = new ArrayList<>(Order.place(ORDER_ID, CUSTOMER_ID,
                List.of(new OrderLine("SKU-1", 1, eur(100))), ADDRESS, PAYMENT_TOKEN, DEADLINE));
        emitted.addAll(given(PENDING).stockReserved());
        emitted.addAll(given(STOCK_RESERVED).paymentCaptured());
        emitted.addAll(given(CONFIRMED).shipmentScheduled(TRACKING));
        emitted.addAll(given(BOOKED).shipmentDispatched());
        emitted.addAll(given(SHIPPED).shipmentDelivered());
        emitted.addAll(given(BOOKED).cancel(CancellationReason.CUSTOMER_CANCELLED));
        emitted.addAll(given(CANCELLATION_REQUESTED).cancellationRefused("too late"));
        emitted.addAll(given(CANCELLATION_REQUESTED).shipmentCancelled());
        emitted.addAll(given(CANCELLATION_REQUESTED).deadlinePassed());

        assertThat(emitted).extracting(Object::getClass).allMatch(Order.EVENTS::contains);
    }

    private static void decideAndApply(Order order, List<Object> stream, List<Object> events) {
        events.forEach(order::apply);
        stream.addAll(events);
    }

    @SafeVarargs
    private static Order given(List<? extends Object>... histories) {
        Order order = Order.empty();
        for (List<? extends Object> history : histories) {
            history.forEach(order::apply);
        }
        return order;
    }

    private static List<Object> then(List<Object> history, Object... more) {
        List<Object> events = new ArrayList<>(history);
        events.addAll(List.of(more));
        return List.copyOf(events);
    }

    private static Money eur(long cents) {
        return new Money(cents, "EUR");
    }
}
