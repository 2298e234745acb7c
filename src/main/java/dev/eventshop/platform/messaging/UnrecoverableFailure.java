package dev.eventshop.platform.messaging;

/**
 * A handler's failure that no retry can cure (a record the broker will never take, a topic it may not write): the
 * stream is parked at once, for an operator, instead of holding up the subscription while it is retried.
 */
public class UnrecoverableFailure extends RuntimeException {

    public UnrecoverableFailure(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
