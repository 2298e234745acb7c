package dev.eventshop.payments.domain;

import dev.eventshop.platform.eventstore.EventType;

/** Internal events of a payment's stream. */
public final class PaymentEvents {

    /** The order was called off before anything was captured: a capture request arriving later is ignored. */
    @EventType("payments.PaymentVoided.v1")
    public record PaymentVoided(String orderId) {
    }

    private PaymentEvents() {
    }
}
