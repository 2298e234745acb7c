package dev.eventshop.orders.api;

import dev.eventshop.platform.eventstore.EventType;

/**
 * A step the order waits for did not happen by its deadline and nothing here can make it happen (the carrier has
 * not picked the parcel up, or not delivered it; shipping has not answered a cancellation, which was asked again):
 * recorded in the order's history for an operator to look into.
 */
@EventType(value = "orders.OrderFlaggedOverdue.v1", internal = true)
public record OrderFlaggedOverdue(String orderId, String waitingFor) implements OrderEvent {
}
