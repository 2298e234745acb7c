package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/** The cancellation came too late: the parcel had left, and the order goes on to the customer. */
@EventType(value = "orders.OrderCancellationRefused.v1", internal = true)
public record OrderCancellationRefused(String orderId, String reason) implements OrderEvent {
}
