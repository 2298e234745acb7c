package dev.eventshop.shipping.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eventshop.shipping.api.ShipmentCancellationRefused;
import dev.eventshop.shipping.api.ShipmentCancelled;
import dev.eventshop.shipping.api.ShipmentDelivered;
import dev.eventshop.shipping.api.ShipmentDispatched;
import dev.eventshop.shipping.api.ShipmentScheduled;
import dev.eventshop.shipping.domain.Shipment.NotAllowedException;
import dev.eventshop.shipping.domain.Shipment.Status;

class ShipmentTest {

    private static final String ORDER_ID = "order-1";
    private static final String TRACKING = "TRACK-1";

    private static final List<Object> SCHEDULED = List.of(
            new ShipmentScheduled(ORDER_ID, "sandbox-carrier", TRACKING, "customer-1"));
    private static final List<Object> DISPATCHED = then(SCHEDULED, new ShipmentDispatched(ORDER_ID, TRACKING));
    private static final List<Object> DELIVERED = then(DISPATCHED, new ShipmentDelivered(ORDER_ID));
    private static final List<Object> CANCELLED = then(SCHEDULED, new ShipmentCancelled(ORDER_ID));
    private static final List<Object> CANCELLED_BEFORE_BOOKING = List.of(new ShipmentCancelled(ORDER_ID));

    @Test
    void aShipmentWithNoHistoryAwaitsBooking() {
        Shipment shipment = Shipment.empty();

        assertThat(shipment.status()).isEqualTo(Status.NONE);
        assertThat(shipment.awaitsBooking()).isTrue();
        assertThat(shipment.bookedWithCarrier()).isFalse();
        assertThat(shipment.trackingNumber()).isNull();
    }

    @Test
    void aScheduledShipmentIsBookedWithTheCarrierUnderItsTrackingNumber() {
        Shipment shipment = given(SCHEDULED);

        assertThat(shipment.status()).isEqualTo(Status.SCHEDULED);
        assertThat(shipment.trackingNumber()).isEqualTo(TRACKING);
        assertThat(shipment.awaitsBooking()).isFalse();
        assertThat(shipment.bookedWithCarrier()).isTrue();
    }

    // dispatching

    @Test
    void dispatchingAScheduledShipmentSendsTheParcelOnItsWay() {
        Shipment shipment = given(SCHEDULED);

        List<Object> events = shipment.dispatch();

        assertThat(events).containsExactly(new ShipmentDispatched(ORDER_ID, TRACKING));
        Shipment dispatched = given(SCHEDULED, events);
        assertThat(dispatched.status()).isEqualTo(Status.DISPATCHED);
        assertThat(dispatched.bookedWithCarrier()).as("nothing left to call off with the carrier").isFalse();
        assertThat(dispatched.trackingNumber()).isEqualTo(TRACKING);
    }

    @Test
    void dispatchingAShipmentThatWasNeverBookedIsRefused() {
        Shipment shipment = Shipment.empty();

        assertThatThrownBy(shipment::dispatch)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("NONE");
    }

    @Test
    void dispatchingTwiceIsRefused() {
        Shipment shipment = given(DISPATCHED);

        assertThatThrownBy(shipment::dispatch)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining(ORDER_ID)
                .hasMessageContaining("DISPATCHED");
    }

    @Test
    void dispatchingACancelledShipmentIsRefused() {
        Shipment shipment = given(CANCELLED);

        assertThatThrownBy(shipment::dispatch)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining(ORDER_ID)
                .hasMessageContaining("CANCELLED");
    }

    @Test
    void dispatchingAShipmentCancelledBeforeItWasBookedIsRefused() {
        Shipment shipment = given(CANCELLED_BEFORE_BOOKING);

        assertThatThrownBy(shipment::dispatch)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining(ORDER_ID)
                .hasMessageContaining("CANCELLED");
    }

    @Test
    void dispatchingADeliveredShipmentIsRefused() {
        Shipment shipment = given(DELIVERED);

        assertThatThrownBy(shipment::dispatch)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("DELIVERED");
    }

    // delivering

    @Test
    void deliveringADispatchedShipmentCompletesIt() {
        Shipment shipment = given(DISPATCHED);

        List<Object> events = shipment.deliver();

        assertThat(events).containsExactly(new ShipmentDelivered(ORDER_ID));
        assertThat(given(DISPATCHED, events).status()).isEqualTo(Status.DELIVERED);
    }

    @Test
    void deliveringAShipmentThatHasNotLeftIsRefused() {
        Shipment shipment = given(SCHEDULED);

        assertThatThrownBy(shipment::deliver)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("SCHEDULED");
    }

    @Test
    void deliveringTwiceIsRefused() {
        Shipment shipment = given(DELIVERED);

        assertThatThrownBy(shipment::deliver)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("DELIVERED");
    }

    @Test
    void deliveringACancelledShipmentIsRefused() {
        Shipment shipment = given(CANCELLED);

        assertThatThrownBy(shipment::deliver)
                .isInstanceOf(NotAllowedException.class)
                .hasMessageContaining("CANCELLED");
    }

    @Test
    void deliveringAShipmentThatWasNeverBookedIsRefused() {
        assertThatThrownBy(Shipment.empty()::deliver).isInstanceOf(NotAllowedException.class);
    }

    // cancelling

    @Test
    void cancellingAScheduledShipmentCallsItOff() {
        Shipment shipment = given(SCHEDULED);

        List<Object> events = shipment.cancel(ORDER_ID);

        assertThat(events).containsExactly(new ShipmentCancelled(ORDER_ID));
        Shipment cancelled = given(SCHEDULED, events);
        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.bookedWithCarrier()).isFalse();
    }

    @Test
    void cancellingAShipmentBeforeItIsBookedMeansItCanNoLongerBeBooked() {
        Shipment shipment = Shipment.empty();

        List<Object> events = shipment.cancel(ORDER_ID);

        assertThat(events).containsExactly(new ShipmentCancelled(ORDER_ID));
        Shipment cancelled = given(events);
        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.awaitsBooking()).isFalse();
    }

    @Test
    void cancellingADispatchedShipmentIsRefusedBecauseTheParcelHasLeft() {
        Shipment shipment = given(DISPATCHED);

        List<Object> events = shipment.cancel(ORDER_ID);

        assertThat(events).containsExactly(
                new ShipmentCancellationRefused(ORDER_ID, "the parcel was dispatched already"));
        assertThat(given(DISPATCHED, events).status()).as("the parcel goes on").isEqualTo(Status.DISPATCHED);
    }

    @Test
    void cancellingADeliveredShipmentIsRefusedBecauseTheParcelArrived() {
        Shipment shipment = given(DELIVERED);

        List<Object> events = shipment.cancel(ORDER_ID);

        assertThat(events).containsExactly(
                new ShipmentCancellationRefused(ORDER_ID, "the parcel was delivered already"));
        assertThat(given(DELIVERED, events).status()).isEqualTo(Status.DELIVERED);
    }

    @Test
    void cancellingACancelledShipmentGivesTheSameAnswerAgain() {
        // the order asks again when its first request went unanswered
        Shipment shipment = given(CANCELLED);

        List<Object> events = shipment.cancel(ORDER_ID);

        assertThat(events).containsExactly(new ShipmentCancelled(ORDER_ID));
        assertThat(given(CANCELLED, events).status()).isEqualTo(Status.CANCELLED);
    }

    // state comes only from events

    @Test
    void aCommandLeavesTheShipmentAsItWasUntilItsEventsAreApplied() {
        Shipment shipment = given(SCHEDULED);

        List<Object> first = shipment.dispatch();
        List<Object> second = shipment.dispatch();
        shipment.cancel(ORDER_ID);

        assertThat(second).isEqualTo(first);
        assertThat(shipment.status()).isEqualTo(Status.SCHEDULED);
        assertThat(shipment.bookedWithCarrier()).isTrue();
    }

    @Test
    void aShipmentThatAppliedItsOwnDecisionsMatchesOneRebuiltFromTheStream() {
        List<Object> stream = new ArrayList<>(SCHEDULED);
        Shipment live = given(stream);

        decideAndApply(live, stream, live.dispatch());
        decideAndApply(live, stream, live.cancel(ORDER_ID));
        decideAndApply(live, stream, live.deliver());

        Shipment rebuilt = given(stream);
        assertThat(rebuilt.status()).isEqualTo(live.status()).isEqualTo(Status.DELIVERED);
        assertThat(rebuilt.trackingNumber()).isEqualTo(live.trackingNumber()).isEqualTo(TRACKING);
        assertThat(rebuilt.cancel(ORDER_ID)).isEqualTo(live.cancel(ORDER_ID));
    }

    @Test
    void everyEventTheShipmentEmitsIsOneItCanApply() {
        List<Object> emitted = new ArrayList<>();
        emitted.addAll(given(SCHEDULED).dispatch());
        emitted.addAll(given(DISPATCHED).deliver());
        emitted.addAll(given(SCHEDULED).cancel(ORDER_ID));
        emitted.addAll(given(DISPATCHED).cancel(ORDER_ID));

        assertThat(emitted).extracting(Object::getClass).allMatch(Shipment.EVENTS::contains);
    }

    @Test
    void applyingAnEventOfAnotherAggregateIsRefused() {
        Shipment shipment = Shipment.empty();

        assertThatThrownBy(() -> shipment.apply("not a shipment event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    private static void decideAndApply(Shipment shipment, List<Object> stream, List<Object> events) {
        events.forEach(shipment::apply);
        stream.addAll(events);
    }

    @SafeVarargs
    private static Shipment given(List<? extends Object>... histories) {
        Shipment shipment = Shipment.empty();
        for (List<? extends Object> history : histories) {
            history.forEach(shipment::apply);
        }
        return shipment;
    }

    private static List<Object> then(List<Object> history, Object... more) {
        List<Object> events = new ArrayList<>(history);
        events.addAll(List.of(more));
        return List.copyOf(events);
    }
}
