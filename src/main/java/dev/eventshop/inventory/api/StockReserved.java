package dev.eventshop.inventory.api;

import java.util.List;

import dev.eventshop.platform.eventstore.EventType;

/** Every line of the order is set aside; nothing else can take it until it is released or shipped. */
@EventType("inventory.StockReserved.v1")
public record StockReserved(String orderId, List<StockLine> lines) implements ReservationEvent {
}
