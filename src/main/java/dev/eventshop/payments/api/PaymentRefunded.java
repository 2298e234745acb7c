package dev.eventshop.payments.api;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.money.Money;

/** A captured payment was given back in full. */
@EventType("payments.PaymentRefunded.v1")
public record PaymentRefunded(String orderId, Money amount, String refundId) implements PaymentEvent {
}
