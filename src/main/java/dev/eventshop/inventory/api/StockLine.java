package dev.eventshop.inventory.api;

/** A quantity of one product. */
public record StockLine(String sku, int quantity) {
}
