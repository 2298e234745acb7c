package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/** The shipment was called off before it left. */
@EventType("shipping.ShipmentCancelled.v1")
public record ShipmentCancelled(String orderId) implements ShipmentEvent {
}
