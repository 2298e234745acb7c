package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/** A cancellation came too late: the parcel had already left (or arrived), and it goes on to the customer. */
@EventType("shipping.ShipmentCancellationRefused.v1")
public record ShipmentCancellationRefused(String orderId, String reason) implements ShipmentEvent {
}
