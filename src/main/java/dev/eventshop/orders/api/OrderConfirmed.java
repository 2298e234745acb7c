package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/** Stock is reserved and the payment captured: the order will be shipped. */
@EventType("orders.OrderConfirmed.v1")
public record OrderConfirmed(String orderId) implements OrderEvent {
}
