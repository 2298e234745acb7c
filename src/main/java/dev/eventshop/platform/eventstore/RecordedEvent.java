package dev.eventshop.platform.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as stored: the envelope every subscriber receives, whether it arrives from the event store or, later,
 * from Kafka. The payload stays JSON until a subscriber decodes it into the contract it knows
 * ({@link EventCodec#decode}).
 */
public record RecordedEvent(
        UUID eventId,
        String streamId,
        String streamType,
        long streamVersion,
        String type,
        String payload,
        EventMetadata metadata,
        long globalPosition,
        long transactionId,
        Instant recordedAt,
        Origin origin) {

    /**
     * Where an event received from Kafka was appended: the publishing event store and the event's cursor there.
     * Null for an event read from the log it was appended to.
     */
    public record Origin(UUID store, Cursor cursor) {
    }

    public RecordedEvent(UUID eventId, String streamId, String streamType, long streamVersion, String type,
            String payload, EventMetadata metadata, long globalPosition, long transactionId, Instant recordedAt) {
        this(eventId, streamId, streamType, streamVersion, type, payload, metadata, globalPosition, transactionId,
                recordedAt, null);
    }

    /** The event's cursor in the log it was read from. */
    public Cursor cursor() {
        return new Cursor(transactionId, globalPosition);
    }
}
