package dev.eventshop.platform.messaging;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event a subscription gave up on, with why and how often it failed, or one held behind it in its stream. The
 * stream and the correlation id (for an order's flow: the order id) name what a skip would leave unfinished.
 */
@Schema(example = """
        {"subscription": "payments-commands", "eventId": "0b6e4c1d-8f2a-4a57-b3c9-71e0d2a4f6b8", "globalPosition": 48207,
        "streamId": "order-6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "correlationId": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23",
        "eventType": "payments.CapturePaymentCommand.v1", "attempts": 5,
        "lastError": "the payment provider answered 503: processing error", "status": "PARKED", "skipReason": null,
        "parkedAt": "2026-12-06T09:15:09Z", "updatedAt": "2026-12-06T09:15:09Z"}""")
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
