package dev.eventshop.shipping.infrastructure;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.eventshop.shipping.api.Address;
import dev.eventshop.shipping.infrastructure.CarrierClient.Booking;
import dev.eventshop.shipping.infrastructure.CarrierClient.BookingRequest;
import io.smallrye.faulttolerance.api.AsynchronousNonBlocking;
import io.smallrye.mutiny.Uni;

/** The carrier as shipping uses it: idempotent bookings, bounded by a timeout, retried, behind a circuit breaker. */
@ApplicationScoped
public class Carrier {

    /** The carrier refused to call a parcel back: it has already left. An answer, not a failure: never retried. */
    public static class AlreadyDispatchedException extends RuntimeException {
        public AlreadyDispatchedException(String message) {
            super(message);
        }
    }

    private final CarrierClient client;

    public Carrier(@RestClient CarrierClient client) {
        this.client = client;
    }

    @AsynchronousNonBlocking
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    public Uni<Booking> book(String orderId, Address address) {
        return client.book("shipment-" + orderId, new BookingRequest(orderId, address));
    }

    @AsynchronousNonBlocking
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = AlreadyDispatchedException.class)
    @CircuitBreaker(requestVolumeThreshold = 6, failureRatio = 0.5, delay = 5000, successThreshold = 2,
            skipOn = AlreadyDispatchedException.class)
    public Uni<Void> cancel(String trackingNumber) {
        return client.cancel(trackingNumber)
                .onFailure(failure -> status(failure) == 409)
                .transform(refused -> new AlreadyDispatchedException("the carrier has already dispatched parcel "
                        + trackingNumber))
                // a booking the carrier does not know has nothing to call back
                .onFailure(failure -> status(failure) == 404).recoverWithNull();
    }

    private static int status(Throwable failure) {
        return failure instanceof WebApplicationException web ? web.getResponse().getStatus() : -1;
    }
}
