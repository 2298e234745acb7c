package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;

/**
 * The order's stock was released before anything was reserved for it (its reservation failed, waited or was
 * parked while the order was cancelled): a reservation asked for later, or replayed by an operator, reserves
 * nothing.
 */
@EventType(value = "inventory.ReservationVoided.v1", internal = true)
public record ReservationVoided(String orderId) implements ReservationEvent {
}
