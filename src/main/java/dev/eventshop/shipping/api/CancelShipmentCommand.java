package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/** Asks shipping to call off an order's shipment if it has not left yet, and never to book it afterwards. */
@EventType("shipping.CancelShipmentCommand.v1")
public record CancelShipmentCommand(String orderId) {
}
