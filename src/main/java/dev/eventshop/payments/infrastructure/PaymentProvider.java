package dev.eventshop.payments.infrastructure;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.eventshop.payments.infrastructure.PaymentProviderClient.Charge;
import dev.eventshop.payments.infrastructure.PaymentProviderClient.ChargeRequest;
import dev.eventshop.payments.infrastructure.PaymentProviderClient.Refund;
import dev.eventshop.payments.infrastructure.PaymentProviderClient.RefundRequest;
import dev.eventshop.platform.money.Money;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * The provider as payments uses it: every call carries an idempotency key (so a retry or a redelivered command never
 * charges twice), is bounded by a timeout, retried with backoff and jitter on transient failures, and stopped by a
 * circuit breaker while the provider is down. A decline is an answer, not a failure: it is neither retried nor
 * counted against the circuit.
 */
@ApplicationScoped
public class PaymentProvider {

    /** The provider refused the card. */
    public static class CardDeclinedException extends RuntimeException {
        public CardDeclinedException(String message) {
            super(message);
        }
    }

    /** The provider could not answer now (5xx, timeout, connection refused); try again later. */
    public static class ProviderUnavailableException extends RuntimeException {
        public ProviderUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final PaymentProviderClient client;

    public PaymentProvider(@RestClient PaymentProviderClient client) {
        this.client = client;
    }

    @AsynchronousNonBlocking
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = ProviderUnavailableException.class,
            abortOn = CardDeclinedException.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = CardDeclinedException.class)
    public Uni<Charge> capture(String idempotencyKey, String orderId, Money amount, String token) {
        return client.charge(idempotencyKey, new ChargeRequest(amount.amount(), amount.currency(), token, orderId))
                .onFailure().transform(PaymentProvider::classify);
    }

    @AsynchronousNonBlocking
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = ProviderUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    public Uni<Refund> refund(String idempotencyKey, String chargeId) {
        return client.refund(idempotencyKey, new RefundRequest(chargeId))
                .onFailure().transform(PaymentProvider::classify);
    }

    private static Throwable classify(Throwable failure) {
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() == 402) {
            return new CardDeclinedException("card declined");
        }
        if (failure instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            return failure; // our mistake: retrying will not help
        }
        return new ProviderUnavailableException("payment provider unavailable: " + failure.getMessage(), failure);
    }
}
