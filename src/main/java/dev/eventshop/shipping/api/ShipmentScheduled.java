package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/** The carrier booked the shipment. */
@EventType("shipping.ShipmentScheduled.v1")
public record ShipmentScheduled(String orderId, String carrier, String trackingNumber) {
}
