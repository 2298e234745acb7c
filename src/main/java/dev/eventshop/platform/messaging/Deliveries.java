package dev.eventshop.platform.messaging;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;

/**
 * Calls a subscription's handler for one event: named (so the inbox can refuse the effects of an owner that has lost
 * the lease meanwhile) and bounded in time (a hung call counts as a failed attempt instead of freezing its lane).
 */
final class Deliveries {

    private final SubscriptionOptions options;
    private final String owner;
    private final Context context;
    private final Executor onContext;
    private final SubscriptionHandler handler;
    private final SubscriptionMetrics metrics;

    Deliveries(SubscriptionOptions options, String owner, Context context, Executor onContext,
            SubscriptionHandler handler) {
        this.options = options;
        this.owner = owner;
        this.context = context;
        this.onContext = onContext;
        this.handler = handler;
        this.metrics = new SubscriptionMetrics(options.name());
    }

    SubscriptionMetrics metrics() {
        return metrics;
    }

    /**
     * Calls the handler on a context of its own (and with a subscriber context) that names this delivery's
     * subscription and owner; answers on the worker's context.
     */
    Uni<Void> invoke(RecordedEvent event) {
        if (options.isUnreadableVersion(event.type())) {
            // never passed over: the stream parks here, saying what to do, until a build that reads it runs
            return Uni.createFrom().<Void>failure(new UnrecoverableFailure(unreadable(event))).emitOn(onContext);
        }
        Inbox.Delivery named = new Inbox.Delivery(options.name(), owner);
        ContextInternal delivery = ((ContextInternal) context).duplicate();
        delivery.putLocal(Inbox.DELIVERY, named);
        long[] started = new long[1];
        return Uni.createFrom().<Void>emitter(emitter -> {
            started[0] = System.nanoTime();
            delivery.runOnContext(ignored -> {
                Uni<Void> handled;
                try {
                    handled = handler.handle(event);
                } catch (RuntimeException thrown) {
                    emitter.fail(thrown); // a handler that throws has failed this attempt, at once
                    return;
                }
                // a timed-out attempt is called off, so it does not run on beside the next one
                emitter.onTermination(handled.subscribe().with(io.smallrye.mutiny.Context.of(Inbox.DELIVERY, named),
                        emitter::complete, emitter::fail)::cancel);
            });
        })
                .ifNoItem().after(options.handlerTimeout())
                .failWith(() -> new TimeoutException("the handler did not answer within " + options.handlerTimeout()))
                .onItemOrFailure().invoke((done, failure) -> metrics.handled(started[0], failure == null))
                .emitOn(onContext);
    }

    private IllegalStateException unreadable(RecordedEvent event) {
        List<String> read = options.readVersionsOf(event.type());
        boolean newer = EventCodec.BY_VERSION.compare(event.type(), read.get(read.size() - 1)) > 0;
        return new IllegalStateException("event " + event.eventId() + " is " + event.type() + (newer
                ? ", a newer version than this build reads " + read + ": deploy a build that reads it, then replay "
                        + "the parked stream"
                : ", an older version than this build reads " + read + " and no upcaster brings it to "
                        + read.get(read.size() - 1) + ": deploy a build with one, then replay the parked stream"));
    }

    /** A bookkeeping statement of the worker's, bounded like a delivery, answered on the worker's context. */
    <T> Uni<T> bounded(Uni<T> statement) {
        return statement.ifNoItem().after(options.handlerTimeout()).fail().emitOn(onContext);
    }
}
