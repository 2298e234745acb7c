package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/** The shopper has the parcel. */
@EventType("orders.OrderDelivered.v1")
public record OrderDelivered(String orderId) implements OrderEvent {
}
