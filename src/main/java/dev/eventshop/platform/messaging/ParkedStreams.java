package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A worker's failing streams: counts the failed attempts of an event, parks its stream after the last one (the event
 * {@code PARKED}, the stream's later events {@code HELD} behind it), and releases a stream in order once an operator
 * replayed or skipped its parked event. Touched only on the worker's context.
 */
final class ParkedStreams {

    private static final Logger LOG = Logger.getLogger(ParkedStreams.class);
    private static final Duration RETRY_WARNING_INTERVAL = Duration.ofSeconds(1);

    /** What this needs of its worker. */
    interface Worker {
        /** Running, holding the lease and not paused. */
        boolean mayDeliver();

        /** The database says another instance owns the subscription now: stop at once. */
        Lanes.Outcome leaseGone(RecordedEvent event);
    }

    private final SubscriptionOptions options;
    private final String owner;
    private final EventStore store;
    private final SubscriptionRepository repository;
    private final Executor onContext;
    private final Deliveries deliveries;
    private final Worker worker;
    /** Failed attempts so far of the events being retried. */
    private final Map<UUID, Integer> failures = new HashMap<>();
    /** Streams parked for an operator, with the event each is parked at: their later events are held, not delivered. */
    private final Map<String, UUID> parked = new HashMap<>();
    /** Parked streams are being released: lanes take no new event meanwhile. */
    private boolean replaying;
    private long lastReplayCheck;
    private long lastRetryWarning = System.nanoTime() - RETRY_WARNING_INTERVAL.toNanos();
    private int retriesNotLogged;

    ParkedStreams(SubscriptionOptions options, String owner, EventStore store, SubscriptionRepository repository,
            Executor onContext, Deliveries deliveries, Worker worker) {
        this.options = options;
        this.owner = owner;
        this.store = store;
        this.repository = repository;
        this.onContext = onContext;
        this.deliveries = deliveries;
        this.worker = worker;
    }

    boolean replaying() {
        return replaying;
    }

    /** Loads the streams parked before (a new lease): their new events are held behind them. */
    Uni<Integer> load() {
        return repository.parkedStreams(options.name()).emitOn(onContext).map(streams -> {
            remember(streams);
            return parked.size();
        });
    }

    /** After losing the lease: the next owner loads what is stored. */
    void forget() {
        parked.clear();
        failures.clear();
    }

    /** Retries were called off (a stop or a lost lease): the next attempt counts from 1. */
    void forgetAttempts() {
        failures.clear();
    }

    /**
     * One delivery attempt of an event: held behind its stream's parked event, or handed to the handler. A failure is
     * retried after a backoff; after the last attempt the stream is parked at this event.
     */
    Uni<Lanes.Outcome> attempt(RecordedEvent event) {
        UUID parkedAt = parked.get(event.streamId());
        if (parkedAt != null) {
            return deliveries.bounded(repository.hold(options.name(), owner, event, parkedAt))
                    .map(held -> held ? Lanes.Outcome.DONE : worker.leaseGone(event));
        }
        return deliveries.invoke(event).invoke(() -> failures.remove(event.eventId())).replaceWith(Lanes.Outcome.DONE)
                .onFailure().recoverWithUni(failure -> failed(event, failure));
    }

    private Uni<Lanes.Outcome> failed(RecordedEvent event, Throwable failure) {
        if (Failures.leaseLost(failure)) {
            return Uni.createFrom().item(worker.leaseGone(event));
        }
        if (!worker.mayDeliver()) {
            // stopped, lease lost or paused: retried later, from 1
            return Uni.createFrom().item(Lanes.Outcome.INTERRUPTED);
        }
        int attempts = failures.merge(event.eventId(), 1, Integer::sum);
        if (attempts >= options.maxAttempts() || Failures.unrecoverable(failure)) {
            LOG.errorf("Subscription %s parked stream %s at event %s (%s #%d) after %d attempts; its later events are "
                    + "held until the event is replayed or skipped: %s", options.name(), event.streamId(),
                    event.eventId(), event.type(), event.streamVersion(), attempts, Failures.rootMessage(failure));
            return deliveries.bounded(repository.park(options.name(), owner, event, attempts,
                    Failures.describe(failure))).map(done -> {
                        if (!done) {
                            return worker.leaseGone(event);
                        }
                        failures.remove(event.eventId());
                        parked.put(event.streamId(), event.eventId());
                        deliveries.metrics().parked();
                        return Lanes.Outcome.DONE;
                    });
        }
        logRetry(event, attempts, failure);
        deliveries.metrics().retried();
        return Uni.createFrom().item(Lanes.Outcome.RETRY);
    }

    /**
     * One WARN line per second at most, with how many more attempts failed meanwhile: an outage that fails every
     * stream (a broker or provider down) says so once a second, not once per stream and attempt.
     */
    private void logRetry(RecordedEvent event, int attempts, Throwable failure) {
        long now = System.nanoTime();
        if (failure instanceof ReportedOutage || now - lastRetryWarning < RETRY_WARNING_INTERVAL.toNanos()) {
            retriesNotLogged++;
            LOG.debugf("Subscription %s: attempt %d of event %s failed: %s", options.name(), attempts,
                    event.eventId(), Failures.rootMessage(failure));
            return;
        }
        lastRetryWarning = now;
        String more = retriesNotLogged == 0 ? "" : " (and " + retriesNotLogged + " more failed attempts in the last "
                + "second)";
        retriesNotLogged = 0;
        String of = options.maxAttempts() == Integer.MAX_VALUE ? "" : " of " + options.maxAttempts();
        LOG.warnf("Subscription %s: attempt %d%s of event %s (%s #%d in %s) failed: %s; the stream waits, other "
                + "streams go on%s", options.name(), attempts, of, event.eventId(), event.type(),
                event.streamVersion(), event.streamId(), Failures.rootMessage(failure), more);
    }

    /** Exponential backoff by the failed attempts so far, with jitter. */
    Duration backoff(RecordedEvent event) {
        int attempt = failures.getOrDefault(event.eventId(), 1);
        long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, options.maxBackoff().toMillis());
        // full jitter on the upper half keeps instances that failed together from retrying together
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /**
     * Releases the parked streams an operator replayed or skipped: delivers, in order, the event each is parked at
     * (unless skipped) and the events held behind it. Checked once per poll interval; done while the lanes are idle,
     * so no event of such a stream is in a lane's hands meanwhile.
     */
    Uni<Void> releaseIfDue(Supplier<Uni<Void>> lanesIdle) {
        long now = System.nanoTime();
        if (now - lastReplayCheck < options.pollInterval().toNanos()) {
            return Uni.createFrom().voidItem();
        }
        lastReplayCheck = now;
        return repository.parkedStreams(options.name()).emitOn(onContext).chain(stored -> {
            // something to release, or the stored parked streams differ from the ones held back here
            boolean released = stored.values().stream().anyMatch(SubscriptionRepository.ParkedStream::releaseRequested)
                    || !stored.keySet().equals(parked.keySet());
            if (!released) {
                return Uni.createFrom().voidItem();
            }
            replaying = true;
            return lanesIdle.get()
                    .chain(() -> repository.parkedStreams(options.name()).emitOn(onContext))
                    .chain(streams -> {
                        remember(streams);
                        return Multi.createFrom().iterable(streams.values())
                                .filter(SubscriptionRepository.ParkedStream::releaseRequested)
                                .onItem().transformToUniAndConcatenate(this::release)
                                .collect().last().replaceWithVoid();
                    })
                    .eventually(() -> {
                        replaying = false;
                    });
        });
    }

    /** The parked streams as stored: their new events are held behind the event each is parked at. */
    private void remember(Map<String, SubscriptionRepository.ParkedStream> stored) {
        parked.clear();
        stored.forEach((stream, entry) -> parked.put(stream, entry.parkedAt()));
    }

    private Uni<Void> release(SubscriptionRepository.ParkedStream stream) {
        return deliveries.bounded(repository.waiting(options.name(), stream.streamId()))
                .chain(waiting -> deliveries.bounded(store
                        .readEvents(options.log(), waiting.stream().map(SubscriptionRepository.Waiting::eventId).toList()))
                        .chain(events -> {
                            Map<UUID, RecordedEvent> byId = new HashMap<>();
                            events.forEach(event -> byId.put(event.eventId(), event));
                            return releaseFrom(stream.streamId(), waiting, byId, 0);
                        }));
    }

    private Uni<Void> releaseFrom(String streamId, List<SubscriptionRepository.Waiting> waiting,
            Map<UUID, RecordedEvent> events, int index) {
        if (index == waiting.size()) {
            parked.remove(streamId);
            LOG.infof("Subscription %s released stream %s", options.name(), streamId);
            return Uni.createFrom().voidItem();
        }
        SubscriptionRepository.Waiting next = waiting.get(index);
        RecordedEvent event = events.get(next.eventId());
        if (!next.released() || !worker.mayDeliver()) {
            return Uni.createFrom().voidItem(); // parked at an event nobody released, or no longer ours to deliver
        }
        if (event == null) {
            LOG.errorf("Subscription %s: parked event %s of stream %s is not in the log; skip it to release the "
                    + "stream", options.name(), next.eventId(), streamId);
            return Uni.createFrom().voidItem();
        }
        return deliveries.invoke(event)
                .chain(() -> deliveries.bounded(repository.replayed(options.name(), event.eventId())))
                .invoke(() -> LOG.infof("Subscription %s delivered parked event %s", options.name(), event.eventId()))
                .chain(() -> releaseFrom(streamId, waiting, events, index + 1))
                .onFailure().recoverWithUni(failure -> {
                    // not a failure of the event: the stream stays as it is for whoever owns it now
                    if (Failures.leaseLost(failure)) {
                        worker.leaseGone(event);
                        return Uni.createFrom().voidItem();
                    }
                    if (!worker.mayDeliver()) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("Subscription %s: parked event %s failed again: %s", options.name(), event.eventId(),
                            Failures.rootMessage(failure));
                    parked.put(streamId, event.eventId());
                    return deliveries.bounded(repository.replayFailed(options.name(), event.eventId(),
                            Failures.describe(failure)));
                });
    }
}
