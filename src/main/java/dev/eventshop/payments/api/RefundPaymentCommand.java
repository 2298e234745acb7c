package dev.eventshop.payments.api;

import dev.eventshop.platform.eventstore.EventType;

/** Asks payments to give an order's money back if it was captured, and never to capture it afterwards. */
@EventType("payments.RefundPaymentCommand.v1")
public record RefundPaymentCommand(String orderId) {
}
