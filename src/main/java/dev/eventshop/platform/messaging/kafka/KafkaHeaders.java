package dev.eventshop.platform.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import dev.eventshop.platform.eventstore.RecordedEvent;

/**
 * The headers of a relayed event: its id (consumers dedupe by it), its stored type name, stream and version,
 * correlation and causation ids, the producing module, when it happened and the W3C {@code traceparent}. The value is
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

    private KafkaHeaders() {
    }

    static List<Header> of(RecordedEvent event) {
        List<Header> headers = new ArrayList<>(9);
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

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
