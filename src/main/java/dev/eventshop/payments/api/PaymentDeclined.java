package dev.eventshop.payments.api;

import dev.eventshop.platform.eventstore.EventType;

/** The provider refused the charge; nothing was taken. */
@EventType("payments.PaymentDeclined.v1")
public record PaymentDeclined(String orderId, String reason) implements PaymentEvent {
}
