package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/**
 * The customer asked to cancel a confirmed order. Shipping is asked first; the order is cancelled (and refunded,
 * its stock released) only once the shipment is called off.
 */
@EventType(value = "orders.OrderCancellationRequested.v1", internal = true)
public record OrderCancellationRequested(String orderId, String reason) implements OrderEvent {
}
