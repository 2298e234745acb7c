package dev.eventshop.inventory.api;

import java.util.List;

import dev.eventshop.platform.eventstore.EventType;

/** Not every line could be reserved, so none was: reservations are all lines or none. */
@EventType("inventory.StockReservationRejected.v1")
public record StockReservationRejected(String orderId, List<String> unavailableSkus) implements ReservationEvent {
}
