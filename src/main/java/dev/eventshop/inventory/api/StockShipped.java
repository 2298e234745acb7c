package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;

/** An order's reserved stock left the warehouse. */
@EventType("inventory.StockShipped.v1")
public record StockShipped(String orderId) implements ReservationEvent {
}
