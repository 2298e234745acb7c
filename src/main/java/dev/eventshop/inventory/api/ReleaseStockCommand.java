package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;

/** Asks inventory to give back whatever it reserved for an order (nothing, if it reserved nothing). */
@EventType("inventory.ReleaseStockCommand.v1")
public record ReleaseStockCommand(String orderId) {
}
