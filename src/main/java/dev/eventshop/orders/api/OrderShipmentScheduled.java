package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/** The carrier booked the order's shipment. */
@EventType(value = "orders.OrderShipmentScheduled.v1", internal = true)
public record OrderShipmentScheduled(String orderId, String trackingNumber) implements OrderEvent {
}
