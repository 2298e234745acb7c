package dev.eventshop.platform.messaging;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.MDC;

import dev.eventshop.platform.eventstore.RecordedEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
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

    /** The log field (MDC key) that names the business flow a line belongs to, beside the trace id. */
    static final String CORRELATION_ID_FIELD = "correlationId";
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
    static Delivery start(Tracer tracer, String subscription, String module, RecordedEvent event) {
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
        return new Delivery(span.startSpan());
    }

    /** One delivery's span: made current on the delivery's context, ended once, however the attempt ends. */
    static final class Delivery {

        private final Span span;
        private final AtomicBoolean ended = new AtomicBoolean();
        private io.vertx.core.Context context;
        private Scope scope;

        private Delivery(Span span) {
            this.span = span;
        }

        /** On the delivery's own (duplicated) context: the span and the flow's correlation id become current. */
        void attach(RecordedEvent event) {
            context = io.vertx.core.Vertx.currentContext();
            scope = span.storeInContext(Context.current()).makeCurrent();
            if (event.metadata() != null && event.metadata().correlationId() != null) {
                MDC.put(CORRELATION_ID_FIELD, event.metadata().correlationId());
            }
        }

        void succeeded() {
            if (ended.compareAndSet(false, true)) {
                span.end();
                detach();
            }
        }

        void failed(Throwable failure) {
            if (ended.compareAndSet(false, true)) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                span.end();
                detach();
            }
        }

        void failed(String why) {
            if (ended.compareAndSet(false, true)) {
                span.setStatus(StatusCode.ERROR, why);
                span.end();
            }
        }

        /**
         * Work the handler left running on the delivery's context (a timer, say) carries neither the ended span nor
         * the flow's id. Only on that context: a scope closed on another would restore the wrong one there.
         */
        private void detach() {
            if (scope != null && context != null && io.vertx.core.Vertx.currentContext() == context) {
                scope.close();
                MDC.remove(CORRELATION_ID_FIELD);
            }
        }
    }
}
