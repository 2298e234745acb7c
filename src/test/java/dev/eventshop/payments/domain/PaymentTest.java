package dev.eventshop.payments.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.eventshop.payments.api.PaymentCaptured;
import dev.eventshop.payments.api.PaymentDeclined;
import dev.eventshop.payments.api.PaymentRefunded;
import dev.eventshop.payments.api.PaymentVoided;
import dev.eventshop.payments.domain.Payment.Status;
import dev.eventshop.platform.money.Money;

class PaymentTest {

    private static final String ORDER_ID = "order-1";
    private static final Money AMOUNT = new Money(2500, "EUR");

    private static final PaymentCaptured CAPTURED = new PaymentCaptured(ORDER_ID, AMOUNT, "ch_1");
    private static final PaymentDeclined DECLINED = new PaymentDeclined(ORDER_ID, "insufficient funds");
    private static final PaymentRefunded REFUNDED = new PaymentRefunded(ORDER_ID, AMOUNT, "re_1");
    private static final PaymentVoided VOIDED = new PaymentVoided(ORDER_ID);

    @Test
    void aPaymentWithNoHistoryAwaitsItsCapture() {
        Payment payment = Payment.empty();

        assertThat(payment.status()).isEqualTo(Status.NONE);
        assertThat(payment.awaitsCapture()).isTrue();
        assertThat(payment.captured()).isNull();
        assertThat(payment.chargeId()).isNull();
    }

    @Test
    void aCapturedPaymentRemembersTheAmountAndTheProvidersCharge() {
        Payment payment = given(CAPTURED);

        assertThat(payment.status()).isEqualTo(Status.CAPTURED);
        assertThat(payment.captured()).isEqualTo(AMOUNT);
        assertThat(payment.chargeId()).isEqualTo("ch_1");
    }

    @Test
    void aCapturedPaymentIsNeverCapturedAgain() {
        assertThat(given(CAPTURED).awaitsCapture()).isFalse();
    }

    @Test
    void aDeclinedPaymentIsNotCapturedAgain() {
        Payment payment = given(DECLINED);

        assertThat(payment.status()).isEqualTo(Status.DECLINED);
        assertThat(payment.awaitsCapture()).isFalse();
        assertThat(payment.captured()).isNull();
    }

    @Test
    void aRefundedPaymentIsNeverCapturedAgain() {
        Payment payment = given(CAPTURED, REFUNDED);

        assertThat(payment.status()).isEqualTo(Status.REFUNDED);
        assertThat(payment.awaitsCapture()).isFalse();
    }

    @Test
    void aRefundedPaymentStillShowsWhatWasCapturedAndByWhichCharge() {
        Payment payment = given(CAPTURED, REFUNDED);

        assertThat(payment.captured()).isEqualTo(AMOUNT);
        assertThat(payment.chargeId()).isEqualTo("ch_1");
    }

    @Test
    void aRefundAskedForBeforeAnyCaptureVoidsThePayment() {
        Payment payment = Payment.empty();

        List<Object> events = payment.voidIfNothingCaptured(ORDER_ID);

        assertThat(events).containsExactly(new PaymentVoided(ORDER_ID));
        Payment voided = given(events.toArray());
        assertThat(voided.status()).isEqualTo(Status.VOIDED);
        assertThat(voided.awaitsCapture()).as("a capture request arriving later is ignored").isFalse();
    }

    @Test
    void aCapturedPaymentIsNotVoidedButLeftToTheProviderRefund() {
        assertThat(given(CAPTURED).voidIfNothingCaptured(ORDER_ID)).isEmpty();
    }

    @Test
    void aRefundOfADeclinedPaymentHasNothingToUndo() {
        assertThat(given(DECLINED).voidIfNothingCaptured(ORDER_ID)).isEmpty();
    }

    @Test
    void aSecondRefundCausesNothing() {
        assertThat(given(CAPTURED, REFUNDED).voidIfNothingCaptured(ORDER_ID)).isEmpty();
    }

    @Test
    void voidingAVoidedPaymentCausesNothing() {
        assertThat(given(VOIDED).voidIfNothingCaptured(ORDER_ID)).isEmpty();
    }

    @Test
    void askingToVoidLeavesThePaymentAsItWasUntilTheEventIsApplied() {
        Payment payment = Payment.empty();

        List<Object> first = payment.voidIfNothingCaptured(ORDER_ID);
        List<Object> second = payment.voidIfNothingCaptured(ORDER_ID);

        assertThat(second).isEqualTo(first);
        assertThat(payment.status()).isEqualTo(Status.NONE);
        assertThat(payment.awaitsCapture()).isTrue();
    }

    @Test
    void aPaymentThatAppliedItsOwnDecisionMatchesOneRebuiltFromTheStream() {
        List<Object> stream = new ArrayList<>();
        Payment live = Payment.empty();

        List<Object> events = live.voidIfNothingCaptured(ORDER_ID);
        events.forEach(live::apply);
        stream.addAll(events);

        Payment rebuilt = given(stream.toArray());
        assertThat(rebuilt.status()).isEqualTo(live.status()).isEqualTo(Status.VOIDED);
        assertThat(rebuilt.awaitsCapture()).isEqualTo(live.awaitsCapture());
        assertThat(rebuilt.captured()).isEqualTo(live.captured());
    }

    @Test
    void everyEventThePaymentEmitsIsOneItCanApply() {
        assertThat(Payment.empty().voidIfNothingCaptured(ORDER_ID)).extracting(Object::getClass)
                .allMatch(Payment.EVENTS::contains);
        assertThat(List.of(CAPTURED, DECLINED, REFUNDED, VOIDED)).extracting(Object::getClass)
                .allMatch(Payment.EVENTS::contains);
    }

    @Test
    void applyingAnEventOfAnotherAggregateIsRefused() {
        Payment payment = Payment.empty();

        assertThatThrownBy(() -> payment.apply("not a payment event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    private static Payment given(Object... history) {
        Payment payment = Payment.empty();
        for (Object event : history) {
            payment.apply(event);
        }
        return payment;
    }
}
