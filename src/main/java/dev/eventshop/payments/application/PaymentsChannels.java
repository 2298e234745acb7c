package dev.eventshop.payments.application;

/** Channels the payments module consumes. */
public final class PaymentsChannels {

    /** Commands addressed to payments (capture, refund), wherever they are appended. */
    public static final String COMMANDS = "payments-commands";

    private PaymentsChannels() {
    }
}
