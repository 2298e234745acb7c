package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/** The order's parcel is on its way. */
@EventType("orders.OrderShipped.v1")
public record OrderShipped(String orderId, String trackingNumber) implements OrderEvent {
}
