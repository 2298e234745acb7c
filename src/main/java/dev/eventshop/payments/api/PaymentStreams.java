package dev.eventshop.payments.api;

/** Stream types the payments module appends to. */
public final class PaymentStreams {

    /** One stream per order's payment ({@code payment-<orderId>}). */
    public static final String PAYMENT = "payments.payment";

    private PaymentStreams() {
    }

    public static String paymentStream(String orderId) {
        return "payment-" + orderId;
    }
}
