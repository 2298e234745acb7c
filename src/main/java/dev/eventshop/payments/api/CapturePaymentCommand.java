package dev.eventshop.payments.api;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.money.Money;

/**
 * Asks payments to capture an order's total with the shopper's provider token. Answered by PaymentCaptured or
 * PaymentDeclined. {@code customerId} (whose order it is, so that the shopper may read the payment) is optional: null
 * in commands stored before it was carried.
 */
@EventType("payments.CapturePaymentCommand.v1")
public record CapturePaymentCommand(String orderId, Money amount, String paymentToken, String customerId) {
}
