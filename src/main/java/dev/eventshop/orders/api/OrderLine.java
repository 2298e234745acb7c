package dev.eventshop.orders.api;

import dev.eventshop.platform.money.Money;

/** A product and quantity in an order, at the price it had when the order was placed. */
public record OrderLine(String sku, int quantity, Money unitPrice) {
}
