package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/** The parcel reached the shopper. */
@EventType("shipping.ShipmentDelivered.v1")
public record ShipmentDelivered(String orderId) implements ShipmentEvent {
}
