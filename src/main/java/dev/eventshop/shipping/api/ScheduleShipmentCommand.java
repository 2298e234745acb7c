package dev.eventshop.shipping.api;

import dev.eventshop.platform.eventstore.EventType;

/**
 * Asks shipping to book a shipment with the carrier. Answered by ShipmentScheduled. {@code customerId} (whose order
 * it is) is optional: null in commands stored before it was carried.
 */
@EventType("shipping.ScheduleShipmentCommand.v1")
public record ScheduleShipmentCommand(String orderId, Address address, String customerId) {
}
