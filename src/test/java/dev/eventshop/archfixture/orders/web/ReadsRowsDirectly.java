package dev.eventshop.archfixture.orders.web;

import dev.eventshop.archfixture.orders.infrastructure.OrderRows;

/** Fixture that must break the layer rule: a resource reading infrastructure itself. */
public class ReadsRowsDirectly {

    private final OrderRows rows = new OrderRows();

    public String get(String orderId) {
        return rows.find(orderId);
    }
}
