package dev.eventshop.inventory.domain;

import dev.eventshop.platform.eventstore.EventType;

/** Internal events of a product's stream: how its stock moves. Other modules react to the reservation stream. */
public final class InventoryEvents {

    @EventType("inventory.ProductStockReserved.v1")
    public record ProductStockReserved(String sku, String orderId, int quantity) {
    }

    @EventType("inventory.ProductStockReleased.v1")
    public record ProductStockReleased(String sku, String orderId, int quantity) {
    }

    @EventType("inventory.ProductStockShipped.v1")
    public record ProductStockShipped(String sku, String orderId, int quantity) {
    }

    private InventoryEvents() {
    }
}
