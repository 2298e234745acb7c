package dev.eventshop.platform.messaging;

import java.util.List;

import dev.eventshop.platform.eventstore.RecordedEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * A span per delivery of an event to a module, the child of the span that appended the event (the {@code traceparent}
 * stored with it, which Kafka headers carry unchanged). So one trace follows a flow through every module hop on either
 * channel, and whatever the handler does — its SQL, the provider's and carrier's HTTP calls, the events it appends —
 * belongs to that trace.
 */
final class DeliverySpans {

    static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("eventshop.event.type");
    static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("eventshop.event.id");
    static final AttributeKey<String> STREAM_ID = AttributeKey.stringKey("eventshop.stream.id");
    static final AttributeKey<Long> STREAM_VERSION = AttributeKey.longKey("eventshop.stream.version");
    static final AttributeKey<Long> POSITION = AttributeKey.longKey("eventshop.position");
    static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("eventshop.subscription");
    static final AttributeKey<String> MODULE = AttributeKey.stringKey("eventshop.module");
    static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("eventshop.correlation.id");
    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.type");

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    private DeliverySpans() {
    }

    /** Starts the span of delivering {@code event} to {@code subscription}, which a module's handler works under. */
    static Span start(Tracer tracer, String subscription, String module, RecordedEvent event) {
        String traceparent = event.metadata() == null ? null : event.metadata().traceparent();
        Context parent = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, STORED);
        SpanBuilder span = tracer.spanBuilder("process " + event.type())
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "eventshop")
                .setAttribute(MESSAGING_OPERATION, "process")
                .setAttribute(EVENT_TYPE, event.type())
                .setAttribute(EVENT_ID, event.eventId().toString())
                .setAttribute(STREAM_ID, event.streamId())
                .setAttribute(STREAM_VERSION, event.streamVersion())
                .setAttribute(POSITION, event.globalPosition())
                .setAttribute(SUBSCRIPTION, subscription);
        if (module != null) {
            span.setAttribute(MODULE, module);
        }
        if (event.metadata() != null && event.metadata().correlationId() != null) {
            span.setAttribute(CORRELATION_ID, event.metadata().correlationId());
        }
        return span.startSpan();
    }

    static void failed(Span span, Throwable failure) {
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
        span.end();
    }
}
