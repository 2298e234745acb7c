package dev.eventshop.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eventshop.inventory.api.ReservationVoided;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockReleased;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.api.StockShipped;
import dev.eventshop.inventory.domain.Reservation.Status;

class ReservationTest {

    private static final String ORDER_ID = "order-1";
    private static final List<StockLine> LINES = List.of(new StockLine("SKU-1", 2), new StockLine("SKU-2", 1));

    private static final StockReserved RESERVED = new StockReserved(ORDER_ID, LINES);
    private static final StockReservationRejected REJECTED = new StockReservationRejected(ORDER_ID, List.of("SKU-2"));
    private static final StockReleased RELEASED = new StockReleased(ORDER_ID);
    private static final StockShipped SHIPPED = new StockShipped(ORDER_ID);
    private static final ReservationVoided VOIDED = new ReservationVoided(ORDER_ID);

    @Test
    void aReservationWithNoHistoryAwaitsItsDecision() {
        Reservation reservation = Reservation.empty();

        assertThat(reservation.status()).isEqualTo(Status.NONE);
        assertThat(reservation.awaitsReservation()).isTrue();
        assertThat(reservation.lines()).isEmpty();
    }

    @Test
    void reservedStockKeepsItsLinesAndIsNotReservedAgain() {
        Reservation reservation = given(RESERVED);

        assertThat(reservation.status()).isEqualTo(Status.RESERVED);
        assertThat(reservation.lines()).isEqualTo(LINES);
        assertThat(reservation.awaitsReservation()).isFalse();
    }

    @Test
    void aRejectedReservationIsNotDecidedAgain() {
        Reservation reservation = given(REJECTED);

        assertThat(reservation.status()).isEqualTo(Status.REJECTED);
        assertThat(reservation.awaitsReservation()).isFalse();
        assertThat(reservation.lines()).isEmpty();
    }

    @Test
    void shippedStockIsSettledForGood() {
        Reservation reservation = given(RESERVED, SHIPPED);

        assertThat(reservation.status()).isEqualTo(Status.SHIPPED);
        assertThat(reservation.awaitsReservation()).isFalse();
    }

    // releasing

    @Test
    void releasingReservedStockGivesItBack() {
        Reservation reservation = given(RESERVED);

        List<Object> events = reservation.release(ORDER_ID);

        assertThat(events).containsExactly(new StockReleased(ORDER_ID));
        Reservation released = given(RESERVED, events.get(0));
        assertThat(released.status()).isEqualTo(Status.RELEASED);
        assertThat(released.awaitsReservation()).isFalse();
    }

    @Test
    void releasingAReservationThatDoesNotExistVoidsItSoNothingIsReservedLater() {
        Reservation reservation = Reservation.empty();

        List<Object> events = reservation.release(ORDER_ID);

        assertThat(events).containsExactly(new ReservationVoided(ORDER_ID));
        Reservation voided = given(events.toArray());
        assertThat(voided.status()).isEqualTo(Status.VOIDED);
        assertThat(voided.awaitsReservation()).isFalse();
        assertThat(voided.lines()).isEmpty();
    }

    @Test
    void releasingTwiceGivesTheStockBackOnlyOnce() {
        assertThat(given(RESERVED, RELEASED).release(ORDER_ID)).isEmpty();
    }

    @Test
    void releasingShippedStockCausesNothing() {
        assertThat(given(RESERVED, SHIPPED).release(ORDER_ID)).isEmpty();
    }

    @Test
    void releasingARejectedReservationCausesNothing() {
        assertThat(given(REJECTED).release(ORDER_ID)).isEmpty();
    }

    @Test
    void releasingAVoidedReservationCausesNothing() {
        assertThat(given(VOIDED).release(ORDER_ID)).isEmpty();
    }

    // state comes only from events

    @Test
    void releasingLeavesTheReservationAsItWasUntilItsEventsAreApplied() {
        Reservation reservation = given(RESERVED);

        List<Object> first = reservation.release(ORDER_ID);
        List<Object> second = reservation.release(ORDER_ID);

        assertThat(second).isEqualTo(first);
        assertThat(reservation.status()).isEqualTo(Status.RESERVED);
        assertThat(reservation.lines()).isEqualTo(LINES);
    }

    @Test
    void aReservationThatAppliedItsOwnDecisionsMatchesOneRebuiltFromTheStream() {
        List<Object> stream = new ArrayList<>(List.of(RESERVED));
        Reservation live = given(stream.toArray());

        List<Object> events = live.release(ORDER_ID);
        events.forEach(live::apply);
        stream.addAll(events);

        Reservation rebuilt = given(stream.toArray());
        assertThat(rebuilt.status()).isEqualTo(live.status()).isEqualTo(Status.RELEASED);
        assertThat(rebuilt.lines()).isEqualTo(live.lines());
        assertThat(rebuilt.release(ORDER_ID)).isEqualTo(live.release(ORDER_ID)).isEmpty();
    }

    @Test
    void everyEventTheReservationEmitsIsOneItCanApply() {
        List<Object> emitted = new ArrayList<>();
        emitted.addAll(Reservation.empty().release(ORDER_ID));
        emitted.addAll(given(RESERVED).release(ORDER_ID));

        assertThat(emitted).extracting(Object::getClass).allMatch(Reservation.EVENTS::contains);
    }

    @Test
    void applyingAnEventOfAnotherAggregateIsRefused() {
        Reservation reservation = Reservation.empty();

        assertThatThrownBy(() -> reservation.apply("not a reservation event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    private static Reservation given(Object... history) {
        Reservation reservation = Reservation.empty();
        for (Object event : history) {
            reservation.apply(event);
        }
        return reservation;
    }
}
