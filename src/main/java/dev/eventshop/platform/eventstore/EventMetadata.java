package dev.eventshop.platform.eventstore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;

/**
 * What is stored beside every event: why it happened ({@code causationId}: the event or command that caused it), which
 * business flow it belongs to ({@code correlationId}), the W3C {@code traceparent} of the span that appended it, the
 * producing module and when it happened.
 */
public record EventMetadata(String correlationId, String causationId, String traceparent, String module,
        Instant occurredAt) {

    private static final String TRACEPARENT = "traceparent";

    /**
     * The time is kept to the microsecond, as the store keeps it: what a projection writes from the event in hand
     * and what a rebuild writes from the stored event are then the same.
     */
    public EventMetadata {
        if (occurredAt != null) {
            occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
        }
    }

    /** Metadata for an event that starts a flow, e.g. from an HTTP command. */
    public static EventMetadata start(String module) {
        return new EventMetadata(UUID.randomUUID().toString(), null, currentTraceparent(), module, Instant.now());
    }

    /** Metadata for an event that moves on a flow known by its correlation id, e.g. an order's, from an HTTP command. */
    public static EventMetadata startIn(String correlationId, String module) {
        return new EventMetadata(correlationId, null, currentTraceparent(), module, Instant.now());
    }

    /** Metadata for an event that reacts to {@code cause}: same correlation, caused by it. */
    public static EventMetadata causedBy(RecordedEvent cause, String module) {
        String correlation = cause.metadata() != null && cause.metadata().correlationId() != null
                ? cause.metadata().correlationId()
                : cause.eventId().toString();
        return new EventMetadata(correlation, cause.eventId().toString(), currentTraceparent(), module, Instant.now());
    }

    /** The current span's W3C {@code traceparent}, as the propagator writes it; null outside any span. */
    static String currentTraceparent() {
        String[] traceparent = new String[1];
        W3CTraceContextPropagator.getInstance().inject(Context.current(), traceparent,
                (carrier, key, value) -> {
                    if (TRACEPARENT.equals(key)) {
                        carrier[0] = value;
                    }
                });
        return traceparent[0];
    }
}
