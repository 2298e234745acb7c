package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;

/** A reservation was given back to available stock (the order was cancelled). */
@EventType("inventory.StockReleased.v1")
public record StockReleased(String orderId) implements ReservationEvent {
}
