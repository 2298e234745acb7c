package dev.eventshop.orders.api;

/**
 * An order's events: everything its stream records of the order itself (the requests to other modules it also holds
 * are those modules' commands). The one list of them: the aggregate folds exactly these, and tests fail when an
 * event class is in no list or the aggregate (or, for orders and shipments, the view) misses one. A new event of
 * the stream is added here first.
 */
public sealed interface OrderEvent permits OrderPlaced, OrderStockReserved, OrderConfirmed, OrderShipmentScheduled,
        OrderShipped, OrderCancellationRequested, OrderCancellationRefused, OrderFlaggedOverdue, OrderDelivered,
        OrderCancelled {
}
