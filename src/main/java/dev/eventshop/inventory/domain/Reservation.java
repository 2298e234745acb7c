package dev.eventshop.inventory.domain;

import java.util.List;

import dev.eventshop.inventory.api.ReservationEvent;
import dev.eventshop.inventory.api.ReservationVoided;
import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockReleased;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.api.StockShipped;

/**
 * One order's stock: reserved (all lines or none), then released or shipped, each at most once; or called off before
 * any reservation, after which nothing is reserved for the order. The stream of
 * record for stock movements; {@code inventory.products} keeps the per-product counters, changed in the same
 * transaction.
 */
public final class Reservation {

    public enum Status {
        NONE, RESERVED, REJECTED, RELEASED, SHIPPED,
        /** Released before anything was reserved: nothing is ever reserved for this order. */
        VOIDED
    }

    /** Everything the stream holds: the one list of them is {@link ReservationEvent}. */
    public static final List<Class<?>> EVENTS = List.of(ReservationEvent.class.getPermittedSubclasses());

    private Status status = Status.NONE;
    private List<StockLine> lines = List.of();

    public static Reservation empty() {
        return new Reservation();
    }

    public Status status() {
        return status;
    }

    public List<StockLine> lines() {
        return lines;
    }

    /** Whether a reservation asked for now should be decided: not once reserved, rejected or called off. */
    public boolean awaitsReservation() {
        return status == Status.NONE;
    }

    /**
     * The events a release causes: the reserved stock goes back; before any reservation, a marker that makes a later
     * reservation for the order do nothing; otherwise nothing.
     */
    public List<Object> release(String orderId) {
        return switch (status) {
            case RESERVED -> List.of(new StockReleased(orderId));
            case NONE -> List.of(new ReservationVoided(orderId));
            default -> List.of();
        };
    }

    public Reservation apply(Object event) {
        if (event instanceof StockReserved reserved) {
            status = Status.RESERVED;
            lines = reserved.lines();
        } else if (event instanceof StockReservationRejected) {
            status = Status.REJECTED;
        } else if (event instanceof StockReleased) {
            status = Status.RELEASED;
        } else if (event instanceof StockShipped) {
            status = Status.SHIPPED;
        } else if (event instanceof ReservationVoided) {
            status = Status.VOIDED;
        } else {
            throw new IllegalArgumentException("Reservation cannot apply " + event.getClass().getName());
        }
        return this;
    }
}
