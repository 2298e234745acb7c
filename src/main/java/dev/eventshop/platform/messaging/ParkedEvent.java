package dev.eventshop.platform.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * An event a subscription gave up on, with why and how often it failed, or one held behind it in its stream. The
 * stream and the correlation id (for an order's flow: the order id) name what a skip would leave unfinished.
 */
public record ParkedEvent(String subscription, UUID eventId, long globalPosition, String streamId,
        String correlationId, String eventType, int attempts, String lastError, Status status, String skipReason,
        Instant parkedAt, Instant updatedAt) {

    public enum Status {
        /** Waiting for an operator. */
        PARKED,
        /** An operator asked for another delivery; the subscription's owner picks it up on its next round. */
        REPLAY_REQUESTED,
        /**
         * A later event of a parked stream, kept back so the stream stays in order; delivered after the parked one
         * is replayed or skipped.
         */
        HELD,
        /** An operator decided it needs no delivery. Kept for the record. */
        SKIPPED
    }
}
