package dev.eventshop.inventory.api;

import java.util.List;

import dev.eventshop.platform.eventstore.EventType;

/**
 * Asks inventory to reserve every line for an order, or none. Sent by the order process (appended to its order
 * stream); inventory answers with {@link StockReserved} or {@link StockReservationRejected}. Commands live in the
 * receiver's api, so the sender depends on the receiver and never the other way round.
 */
@EventType("inventory.ReserveStockCommand.v1")
public record ReserveStockCommand(String orderId, List<StockLine> lines) {
}
