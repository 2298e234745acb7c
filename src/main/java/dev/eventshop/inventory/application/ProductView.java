package dev.eventshop.inventory.application;

import dev.eventshop.platform.money.Money;

/** A product as the catalogue shows it: what it costs and how many can be ordered now. */
public record ProductView(String sku, String name, Money price, int available) {
}
