package dev.eventshop.payments.domain;

import java.util.List;

import dev.eventshop.payments.api.PaymentCaptured;
import dev.eventshop.payments.api.PaymentDeclined;
import dev.eventshop.payments.api.PaymentEvent;
import dev.eventshop.payments.api.PaymentRefunded;
import dev.eventshop.payments.api.PaymentVoided;
import dev.eventshop.platform.money.Money;

/** One order's payment: captured at most once, refunded at most once, never captured after it was voided. */
public final class Payment {

    public enum Status {
        NONE, CAPTURED, DECLINED, REFUNDED, VOIDED
    }

    /** Everything the stream holds: the one list of them is {@link PaymentEvent}. */
    public static final List<Class<?>> EVENTS = List.of(PaymentEvent.class.getPermittedSubclasses());

    private Status status = Status.NONE;
    private Money captured;
    private String chargeId;

    public static Payment empty() {
        return new Payment();
    }

    public Status status() {
        return status;
    }

    public Money captured() {
        return captured;
    }

    public String chargeId() {
        return chargeId;
    }

    /** Whether a capture should be attempted now. */
    public boolean awaitsCapture() {
        return status == Status.NONE;
    }

    /** The events a refund request causes given that the provider has not been called yet. */
    public List<Object> voidIfNothingCaptured(String orderId) {
        return status == Status.NONE ? List.of(new PaymentVoided(orderId)) : List.of();
    }

    public Payment apply(Object event) {
        if (event instanceof PaymentCaptured c) {
            status = Status.CAPTURED;
            captured = c.amount();
            chargeId = c.chargeId();
        } else if (event instanceof PaymentDeclined) {
            status = Status.DECLINED;
        } else if (event instanceof PaymentRefunded) {
            status = Status.REFUNDED;
        } else if (event instanceof PaymentVoided) {
            status = Status.VOIDED;
        } else {
            throw new IllegalArgumentException("Payment cannot apply " + event.getClass().getName());
        }
        return this;
    }
}
