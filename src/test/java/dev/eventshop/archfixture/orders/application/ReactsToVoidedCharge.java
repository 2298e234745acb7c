package dev.eventshop.archfixture.orders.application;

import dev.eventshop.archfixture.payments.api.ChargeVoided;

/** Breaks the rule on internal events: orders reacts to a step of payments' own process. */
public class ReactsToVoidedCharge {

    public String on(ChargeVoided voided) {
        return voided.orderId();
    }
}
