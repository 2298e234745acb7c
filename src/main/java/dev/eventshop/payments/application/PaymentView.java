package dev.eventshop.payments.application;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.eventshop.platform.money.Money;

/** An order's payment as its shopper and operators see it. */
@Schema(example = """
        {"orderId": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "status": "CAPTURED",
        "amount": {"amount": 2598, "currency": "EUR"}, "customerId": "c-ada"}""")
public record PaymentView(String orderId, String status, Money amount, String customerId) {
}
