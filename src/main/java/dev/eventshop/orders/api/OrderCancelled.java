package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/**
 * The order will not be fulfilled; the commands that undo the other modules' parts are appended with it.
 * {@code reason}: OUT_OF_STOCK, PAYMENT_DECLINED, CUSTOMER_CANCELLED or TIMED_OUT.
 */
@EventType("orders.OrderCancelled.v1")
public record OrderCancelled(String orderId, String reason) implements OrderEvent {
}
