package dev.eventshop.payments.api;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.money.Money;

/** The provider charged the order's total. */
@EventType("payments.PaymentCaptured.v1")
public record PaymentCaptured(String orderId, Money amount, String chargeId) implements PaymentEvent {
}
