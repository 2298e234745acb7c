package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/** The carrier picked the parcel up. */
@EventType("shipping.ShipmentDispatched.v1")
public record ShipmentDispatched(String orderId, String trackingNumber) implements ShipmentEvent {
}
