package dev.eventshop.inventory.api;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.money.Money;

/** A product entered the catalogue with its price and first stock. */
@EventType("inventory.ProductAdded.v1")
public record ProductAdded(String sku, String name, Money price, int stock) implements ProductEvent {
}
