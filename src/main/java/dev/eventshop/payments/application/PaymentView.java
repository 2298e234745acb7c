package dev.eventshop.payments.application;

import dev.eventshop.platform.money.Money;

/** An order's payment as its shopper and operators see it. */
public record PaymentView(String orderId, String status, Money amount, String customerId) {
}
