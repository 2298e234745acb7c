package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;

/** Stock was received for a product. */
@EventType("inventory.ProductRestocked.v1")
public record ProductRestocked(String sku, int quantity) implements ProductEvent {
}
