package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/**
 * The carrier booked the shipment. {@code customerId} (whose order it is, for the shipment's view) is optional: null
 * in events stored before it was carried.
 */
@EventType("shipping.ShipmentScheduled.v1")
public record ShipmentScheduled(String orderId, String carrier, String trackingNumber, String customerId) implements ShipmentEvent {
}
