package dev.eventshop.platform.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.RecordedEvent;

/**
 * The headers of a relayed event: its id (consumers dedupe by it), its stored type name, stream and version,
 * correlation and causation ids, the producing module, when it happened, the W3C {@code traceparent}, and the
 * publishing store with the event's cursor there (how a store recognises its own events coming back). The value is
 * the event's JSON payload, the key its stream id.
 */
public final class KafkaHeaders {

    public static final String EVENT_ID = "eventshop-event-id";
    public static final String EVENT_TYPE = "eventshop-event-type";
    public static final String STREAM_TYPE = "eventshop-stream-type";
    public static final String STREAM_VERSION = "eventshop-stream-version";
    public static final String CORRELATION_ID = "eventshop-correlation-id";
    public static final String CAUSATION_ID = "eventshop-causation-id";
    public static final String MODULE = "eventshop-module";
    public static final String OCCURRED_AT = "eventshop-occurred-at";
    public static final String TRACEPARENT = "traceparent";
    /** The publishing event store's identity and the event's cursor there (transaction, position). */
    public static final String STORE = "eventshop-store";
    public static final String TRANSACTION = "eventshop-transaction";
    public static final String POSITION = "eventshop-position";

    private static final UUID UNKNOWN_STORE = new UUID(0, 0);

    private KafkaHeaders() {
    }

    static List<Header> of(RecordedEvent event, UUID store) {
        List<Header> headers = new ArrayList<>(12);
        add(headers, STORE, store.toString());
        add(headers, TRANSACTION, Long.toString(event.transactionId()));
        add(headers, POSITION, Long.toString(event.globalPosition()));
        add(headers, EVENT_ID, event.eventId().toString());
        add(headers, EVENT_TYPE, event.type());
        add(headers, STREAM_TYPE, event.streamType());
        add(headers, STREAM_VERSION, Long.toString(event.streamVersion()));
        if (event.metadata() != null) {
            add(headers, CORRELATION_ID, event.metadata().correlationId());
            add(headers, CAUSATION_ID, event.metadata().causationId());
            add(headers, MODULE, event.metadata().module());
            add(headers, OCCURRED_AT, event.metadata().occurredAt() == null ? null
                    : event.metadata().occurredAt().toString());
            add(headers, TRACEPARENT, event.metadata().traceparent());
        }
        return headers;
    }

    /**
     * The event a relayed record carries, as its publisher stored it, with where it was stored as its origin.
     *
     * @throws IllegalArgumentException when a header the envelope needs is missing or malformed (not a relayed event)
     */
    static RecordedEvent event(Headers headers, String key, byte[] value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("a relayed event has its stream id as key and its payload as value");
        }
        String type = text(headers, EVENT_TYPE);
        if (type != null && !EventCodec.TYPE_NAME.matcher(type).matches()) {
            // the names the event store and the registry use; a type this build does not know is kept all the same
            // (a newer publisher's), and a channel that does not deliver it passes it over
            throw new IllegalArgumentException("event type '" + type + "' is not <module>.<EventName>.v<version>");
        }
        try {
            EventMetadata metadata = new EventMetadata(text(headers, CORRELATION_ID), text(headers, CAUSATION_ID),
                    text(headers, TRACEPARENT), required(headers, MODULE), Instant.parse(required(headers, OCCURRED_AT)));
            return new RecordedEvent(UUID.fromString(required(headers, EVENT_ID)), key, required(headers, STREAM_TYPE),
                    Long.parseLong(required(headers, STREAM_VERSION)), required(headers, EVENT_TYPE),
                    new String(value, StandardCharsets.UTF_8), metadata, 0, 0, Instant.now(), origin(headers));
        } catch (RuntimeException malformed) {
            throw new IllegalArgumentException("not an eventshop event record: " + malformed.getMessage(), malformed);
        }
    }

    /** Where the event was stored; a publisher that does not say is no store of this deployment. */
    private static RecordedEvent.Origin origin(Headers headers) {
        String store = text(headers, STORE);
        if (store == null) {
            return new RecordedEvent.Origin(UNKNOWN_STORE, new Cursor(0, 0));
        }
        return new RecordedEvent.Origin(UUID.fromString(store), new Cursor(Long.parseLong(required(headers, TRANSACTION)),
                Long.parseLong(required(headers, POSITION))));
    }

    private static String required(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            throw new IllegalArgumentException("no " + name + " header");
        }
        return value;
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
