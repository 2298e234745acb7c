package dev.eventshop.archfixture.orders.application;

import dev.eventshop.archfixture.payments.domain.Payment;

/** Breaks the module boundary: orders reaches into payments' domain instead of its api. */
public class PeekIntoPayments {

    public long amountOf(Payment payment) {
        return payment.amount();
    }
}
