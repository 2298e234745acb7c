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

    /**
     * The customer asked to cancel a confirmed order. Shipping is asked first; the order is cancelled (and refunded,
     * its stock released) only once the shipment is called off.
     */
    @EventType("orders.OrderCancellationRequested.v1")
    public record OrderCancellationRequested(String orderId, String reason) {
    }

    /** The cancellation came too late: the parcel had left, and the order goes on to the customer. */
    @EventType("orders.OrderCancellationRefused.v1")
    public record OrderCancellationRefused(String orderId, String reason) {
    }

    /**
     * A step the order waits for did not happen by its deadline and nothing here can make it happen (the carrier has
     * not picked the parcel up, or not delivered it; shipping has not answered a cancellation, which was asked again):
     * recorded in the order's history for an operator to look into.
     */
    @EventType("orders.OrderFlaggedOverdue.v1")
    public record OrderFlaggedOverdue(String orderId, String waitingFor) {
    }

    private OrderEvents() {
    }
}
