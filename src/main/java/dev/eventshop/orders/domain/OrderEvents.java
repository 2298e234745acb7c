package dev.eventshop.orders.domain;

import dev.eventshop.platform.eventstore.EventType;

/** Internal events of an order's stream: steps of the order's own process that no other module reacts to. */
public final class OrderEvents {

    /** Inventory set the order's stock aside. */
    @EventType("orders.OrderStockReserved.v1")
    public record OrderStockReserved(String orderId) {
    }

    /** The carrier booked the order's shipment. */
    @EventType("orders.OrderShipmentScheduled.v1")
    public record OrderShipmentScheduled(String orderId, String trackingNumber) {
    }

    private OrderEvents() {
    }
}
