package dev.eventshop.orders.api;

/**
 * An order's events: everything its stream records of the order itself (the requests to other modules it also holds are those modules' commands). The one list of them: the aggregate folds, and its projections and handlers dispatch on, exactly these, and a
 * test fails when one of them is missing a case. A new event of the stream is added here first.
 */
public sealed interface OrderEvent permits OrderPlaced, OrderStockReserved, OrderConfirmed, OrderShipmentScheduled, OrderShipped, OrderCancellationRequested, OrderCancellationRefused, OrderFlaggedOverdue, OrderDelivered, OrderCancelled {
}
