package dev.eventshop.payments.api;

import dev.eventshop.platform.eventstore.EventType;

/** The order was called off before anything was captured: a capture request arriving later is ignored. */
@EventType(value = "payments.PaymentVoided.v1", internal = true)
public record PaymentVoided(String orderId) implements PaymentEvent {
}
