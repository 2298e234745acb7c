package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * A worker's lanes: events split by stream, so each stream arrives in order, and each lane takes its next event as
 * soon as it is free, so one slow event holds up only its own lane. A failing stream waits out its backoff aside (its
 * later events join it, in order) while its lane goes on with other streams; then its events go back to the front of
 * the lane. Touched only on the worker's context.
 */
final class Lanes {

    private static final Logger LOG = Logger.getLogger(Lanes.class);

    /** What became of one delivery attempt. */
    enum Outcome {
        /** Acknowledged, parked or held: the event is done here. */
        DONE,
        /** Failed, to be tried again after a backoff: its stream waits, the lane goes on. */
        RETRY,
        /** Stopping, paused or the lease is gone: the event stays where it is, unacknowledged. */
        INTERRUPTED
    }

    /** What the lanes ask of the worker. */
    interface Deliverer {
        /** Whether a lane may start on its next event. */
        boolean mayStart();

        /** One delivery attempt, answered on the worker's context. */
        Uni<Outcome> attempt(RecordedEvent event);

        /** How long the stream of a failed event waits before its next attempt. */
        Duration backoff(RecordedEvent event);

        /** The event is done here. */
        void done(RecordedEvent event);
    }

    /** One lane: its events in the order read, handled one after the other. */
    private static final class Lane {
        final ArrayDeque<RecordedEvent> queue = new ArrayDeque<>();
        boolean busy;
    }

    /** A stream whose failing event waits out a backoff, with its events read meanwhile, in order. */
    private static final class Retry {
        final Lane lane;
        final ArrayDeque<RecordedEvent> events = new ArrayDeque<>();
        long timer = -1;

        Retry(Lane lane) {
            this.lane = lane;
        }
    }

    private final SubscriptionOptions options;
    private final Context context;
    private final Executor onContext;
    private final Vertx vertx;
    private final Deliverer deliverer;
    private final Runnable roomMade;
    private final Lane[] lanes;
    /** Streams waiting out a retry backoff, by stream id. */
    private final Map<String, Retry> retrying = new HashMap<>();
    /** Events handed to the lanes and not yet done. */
    private int inLanes;
    private boolean waitingForRoom;
    private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null);

    Lanes(SubscriptionOptions options, Context context, Executor onContext, Vertx vertx, Deliverer deliverer,
            Runnable roomMade) {
        this.options = options;
        this.context = context;
        this.onContext = onContext;
        this.vertx = vertx;
        this.deliverer = deliverer;
        this.roomMade = roomMade;
        this.lanes = new Lane[options.concurrency()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
    }

    void add(RecordedEvent event) {
        lanes[options.laneOf(event.streamId())].queue.add(event);
        inLanes++;
    }

    /**
     * Whether the lanes hold two pages that are not done yet: then the worker waits until they make room (they call
     * {@code roomMade}) rather than read more.
     */
    boolean full() {
        if (inLanes >= 2 * options.batchSize()) {
            waitingForRoom = true;
            return true;
        }
        return false;
    }

    /**
     * Starts the lanes that have events and may deliver — in a task of its own, so the read the worker sends next is
     * on its way while the lanes work (handlers that answer at once would otherwise run before it is sent).
     */
    void kick() {
        context.runOnContext(ignored -> kickNow());
    }

    private void kickNow() {
        for (Lane lane : lanes) {
            if (!lane.busy && !lane.queue.isEmpty() && deliverer.mayStart()) {
                lane.busy = true;
                if (idle.isDone()) {
                    idle = new CompletableFuture<>();
                }
                drive(lane);
            }
        }
    }

    /**
     * Hands a lane its events one after the other. An event of a stream that is waiting out a retry joins that
     * stream instead, so a failing stream holds up only itself. A handler that answers at once is followed in this
     * loop rather than in a nested call, so a long run of such events cannot overflow the stack.
     */
    private void drive(Lane lane) {
        while (true) {
            if (lane.queue.isEmpty() || !deliverer.mayStart()) {
                stopped(lane);
                return;
            }
            // out of the queue while in hand: a stream whose retry is over goes back to the queue's front meanwhile
            RecordedEvent next = lane.queue.poll();
            Retry waiting = retrying.get(next.streamId());
            if (waiting != null) {
                waiting.events.add(next);
                continue;
            }
            boolean[] answered = { false };
            boolean[] returned = { false };
            deliverer.attempt(next).subscribe().with(outcome -> {
                if (outcome == Outcome.INTERRUPTED) {
                    lane.queue.addFirst(next);
                    stopped(lane);
                    return;
                }
                if (outcome == Outcome.DONE) {
                    done(next);
                } else {
                    retryLater(lane, next);
                }
                if (returned[0]) {
                    drive(lane);
                } else {
                    answered[0] = true;
                }
            }, failure -> {
                LOG.warnf("Subscription %s could not settle event %s: %s", options.name(), next.eventId(),
                        Failures.rootMessage(failure));
                lane.queue.addFirst(next);
                stopped(lane); // taken up again by the next step of the worker
            });
            returned[0] = true;
            if (!answered[0]) {
                return;
            }
        }
    }

    private void done(RecordedEvent event) {
        inLanes--;
        deliverer.done(event);
        if (waitingForRoom && inLanes < 2 * options.batchSize()) {
            waitingForRoom = false;
            roomMade.run();
        }
    }

    private void stopped(Lane lane) {
        lane.busy = false;
        for (Lane other : lanes) {
            if (other.busy) {
                return;
            }
        }
        idle.complete(null);
    }

    /** The stream waits out the backoff; then its events go back to the front of their lane, in order. */
    private void retryLater(Lane lane, RecordedEvent event) {
        Retry retry = new Retry(lane);
        retry.events.add(event);
        retrying.put(event.streamId(), retry);
        retry.timer = vertx.setTimer(Math.max(1, deliverer.backoff(event).toMillis()),
                id -> onContext.execute(() -> {
                    if (retrying.remove(event.streamId(), retry)) {
                        retry.events.descendingIterator().forEachRemaining(retry.lane.queue::addFirst);
                        kickNow();
                    }
                }));
    }

    /** Completes once no lane has an event in hand. */
    Uni<Void> whenIdle() {
        return Uni.createFrom().completionStage(idle).emitOn(onContext);
    }

    /** After losing the lease: what the lanes hold is redelivered from the checkpoint by whoever owns it next. */
    void clear() {
        for (Lane lane : lanes) {
            lane.queue.clear();
        }
        cancelRetries();
        inLanes = 0;
        waitingForRoom = false;
    }

    void cancelRetries() {
        retrying.values().forEach(retry -> vertx.cancelTimer(retry.timer));
        retrying.clear();
    }
}
