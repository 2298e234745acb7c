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
        Instant recordedAt) {

    public Cursor cursor() {
        return new Cursor(transactionId, globalPosition);
    }
}
