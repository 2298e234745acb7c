package dev.eventshop.archfixture.payments.domain;

import dev.eventshop.archfixture.orders.api.OrderRef;

/** Legal on its own (payments may use orders' api), but closes a cycle with orders. */
public record Payment(OrderRef order, long amount) {
}
