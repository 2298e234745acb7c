package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;

/** The order's parcel left: its reserved stock leaves the warehouse for good. */
@EventType("inventory.ShipStockCommand.v1")
public record ShipStockCommand(String orderId) {
}
