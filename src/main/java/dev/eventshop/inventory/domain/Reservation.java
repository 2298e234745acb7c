package dev.eventshop.inventory.domain;

import java.util.List;

import dev.eventshop.inventory.api.StockLine;
import dev.eventshop.inventory.api.StockReleased;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.api.StockShipped;

/**
 * One order's stock: reserved (all lines or none), then released or shipped, each at most once. The stream of
 * record for stock movements; {@code inventory.products} keeps the per-product counters, changed in the same
 * transaction.
 */
public final class Reservation {

    public enum Status {
        NONE, RESERVED, REJECTED, RELEASED, SHIPPED
    }

    public static final List<Class<?>> EVENTS = List.of(StockReserved.class, StockReservationRejected.class,
            StockReleased.class, StockShipped.class);

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
        } else {
            throw new IllegalArgumentException("Reservation cannot apply " + event.getClass().getName());
        }
        return this;
    }
}
