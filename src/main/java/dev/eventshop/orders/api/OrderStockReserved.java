package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/** Inventory set the order's stock aside. */
@EventType(value = "orders.OrderStockReserved.v1", internal = true)
public record OrderStockReserved(String orderId) implements OrderEvent {
}
