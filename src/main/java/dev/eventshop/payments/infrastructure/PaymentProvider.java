package dev.eventshop.payments.infrastructure;

import java.time.temporal.ChronoUnit;
import java.util.List;

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
import io.smallrye.faulttolerance.api.CircuitBreakerName;
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

    /**
     * The provider is up but could not process this one charge ({@code processing_error}); the charge may be tried
     * again later. Not the provider's outage: it neither opens the circuit for everyone else nor is retried in the
     * call (the subscription retries the order's stream with its own backoff).
     */
    public static class ChargeFailedException extends RuntimeException {
        public ChargeFailedException(String message) {
            super(message);
        }
    }

    /** The charge was refunded before: an answer, not a failure. */
    public static class ChargeAlreadyRefundedException extends RuntimeException {
        public ChargeAlreadyRefundedException(String message) {
            super(message);
        }
    }

    /** The provider could not answer now (5xx, timeout, connection refused); try again later. */
    public static class ProviderUnavailableException extends RuntimeException {
        public ProviderUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The circuit of captures: opened by the provider's outages, not by a few cards that keep failing. */
    public static final String CAPTURE_CIRCUIT = "payment-provider-capture";

    private final PaymentProviderClient client;

    public PaymentProvider(@RestClient PaymentProviderClient client) {
        this.client = client;
    }

    @AsynchronousNonBlocking
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = ProviderUnavailableException.class,
            abortOn = { CardDeclinedException.class, ChargeFailedException.class })
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = { CardDeclinedException.class, ChargeFailedException.class })
    @CircuitBreakerName(CAPTURE_CIRCUIT)
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
                .onFailure().transform(PaymentProvider::classify)
                // refunded already (by another key, or by hand in the provider's dashboard): the money is back
                .onFailure(ChargeAlreadyRefundedException.class)
                .recoverWithItem(() -> new Refund("already-refunded", chargeId, 0));
    }

    /** The charges the provider holds for an order, to settle an outcome that was never recorded. */
    @AsynchronousNonBlocking
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, retryOn = ProviderUnavailableException.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    public Uni<List<Charge>> chargesFor(String orderId) {
        return client.charges(orderId).onFailure().transform(PaymentProvider::classify);
    }

    private static Throwable classify(Throwable failure) {
        if (!(failure instanceof WebApplicationException web)) {
            return new ProviderUnavailableException("payment provider unavailable: " + failure, failure);
        }
        int status = web.getResponse().getStatus();
        String body = body(web);
        if (status == 402) {
            return new CardDeclinedException("card declined: " + body);
        }
        if (status == 400 && body.contains("charge_already_refunded")) {
            return new ChargeAlreadyRefundedException(body);
        }
        if (status < 500) {
            return failure; // our mistake: retrying will not help
        }
        if (body.contains("processing_error")) {
            return new ChargeFailedException("the payment provider could not process the charge: HTTP " + status + " "
                    + body);
        }
        return new ProviderUnavailableException("payment provider unavailable: HTTP " + status + " " + body, failure);
    }

    /** The provider's own words, for the logs and for an operator looking at a parked command. */
    private static String body(WebApplicationException web) {
        try {
            String body = web.getResponse().readEntity(String.class);
            return body == null ? "" : body.length() > 500 ? body.substring(0, 500) : body;
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
