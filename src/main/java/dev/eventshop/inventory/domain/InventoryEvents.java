package dev.eventshop.inventory.domain;

import dev.eventshop.platform.eventstore.EventType;

/** Internal events of inventory's streams. */
public final class InventoryEvents {

    /**
     * The order's stock was released before anything was reserved for it (its reservation failed, waited or was
     * parked while the order was cancelled): a reservation asked for later, or replayed by an operator, reserves
     * nothing.
     */
    @EventType("inventory.ReservationVoided.v1")
    public record ReservationVoided(String orderId) {
    }

    private InventoryEvents() {
    }
}
