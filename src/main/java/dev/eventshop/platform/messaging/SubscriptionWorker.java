package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;

/**
 * Works one catch-up subscription in this instance: takes its lease, reads batches after its checkpoint, hands the
 * events to the handler — one at a time, or in several lanes split by stream so each stream still arrives in order —
 * retries a failing event with backoff, parks it after the last attempt, and stores the checkpoint of what was
 * acknowledged.
 * <p>
 * Only the instance holding the lease delivers. The lease is renewed (together with the checkpoint) on a timer; an
 * instance that stops renewing — because it died — loses it after the TTL, and a standby takes over from the stored
 * checkpoint. The checkpoint only ever names acknowledged events, so it trails the effects, never leads them; what is
 * delivered twice after a take-over is recognised by the subscriber's inbox.
 */
public final class SubscriptionWorker {

    private static final Logger LOG = Logger.getLogger(SubscriptionWorker.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private static final Duration QUICK_RETRY = Duration.ofMillis(5);
    private static final int MAX_DOUBLINGS = 8;
    private static final int UNANNOUNCED_LOOKS = 6;
    static final long CHECKPOINT_INTERVAL_MS = 250;

    private final SubscriptionOptions options;
    private final String owner;
    private final EventStore store;
    private final SubscriptionRepository repository;
    private final AppendSignals signals;
    private final Vertx vertx;
    private final SubscriptionHandler handler;
    private final AppendSignals.Listener wakeListener = this::appended;
    /**
     * The event loop this worker runs on: its loop, timers and database answers all run there, so its state needs
     * no locks, and the workers of one application spread over the event loops instead of sharing one.
     */
    private final Context context;
    private final Executor onContext;

    private final AtomicBoolean signalled = new AtomicBoolean();
    private final CompletableFuture<Void> loopDone = new CompletableFuture<>();
    private volatile CompletableFuture<Void> waiter = new CompletableFuture<>();
    private volatile boolean running;
    private volatile boolean leaseHeld;
    private volatile boolean paused;
    private volatile Cursor cursor = Cursor.START;
    private volatile Cursor savedCursor = Cursor.START;
    private volatile long lastReplayCheck;
    private long lastCheckpointSave;
    private volatile boolean refreshLease;
    /** Until when the last successful acquire or renewal makes this instance the owner, by its own clock. */
    private volatile long leaseValidUntil;
    private final AtomicBoolean renewing = new AtomicBoolean();
    /** Reads in a row that brought nothing while announced events were still to come. */
    private int fruitlessReads;
    /** Quick looks left after a wake-up without cursors. */
    private final AtomicInteger unannouncedLooks = new AtomicInteger();
    /** The newest event this instance appended to the stream types read here: the cursor must get there. */
    private final AtomicReference<Cursor> announced = new AtomicReference<>(Cursor.START);
    private Uni<List<RecordedEvent>> readAhead;
    private Cursor readAheadFrom;
    private volatile long renewTimer = -1;
    private volatile boolean registered;
    private final AtomicBoolean halted = new AtomicBoolean();
    private volatile Uni<Void> stopping;

    SubscriptionWorker(SubscriptionOptions options, String owner, EventStore store, SubscriptionRepository repository,
            AppendSignals signals, Vertx vertx, SubscriptionHandler handler) {
        this.options = options;
        this.owner = owner;
        this.store = store;
        this.repository = repository;
        this.signals = signals;
        this.vertx = vertx;
        this.handler = handler;
        this.context = ((VertxInternal) vertx.getDelegate()).createEventLoopContext();
        // on its own event loop already (a handler that answered there), carry on without a hop per event
        this.onContext = task -> {
            if (io.vertx.core.Vertx.currentContext() == context) {
                task.run();
            } else {
                context.runOnContext(ignored -> task.run());
            }
        };
    }

    public String name() {
        return options.name();
    }

    public String owner() {
        return owner;
    }

    /** True while this instance holds the subscription's lease and delivers its events. */
    public boolean isActive() {
        return running && ownsLease();
    }

    /**
     * Held and not expired by our own clock: if renewals fail (database unreachable, a blocked event loop), this
     * instance stops delivering when its lease runs out, which is when a standby may take it.
     */
    private boolean ownsLease() {
        return leaseHeld && System.nanoTime() - leaseValidUntil < 0;
    }

    void start() {
        running = true;
        context.runOnContext(ignored -> run());
    }

    private void run() {
        if (!running) {
            loopDone.complete(null);
            return;
        }
        signals.addListener(wakeListener);
        renewTimer = vertx.setPeriodic(options.leaseRenewInterval().toMillis(), id -> renewLease());
        Uni.createFrom().deferred(() -> registered ? step()
                : repository.ensureExists(options.name()).invoke(() -> registered = true).replaceWith(true))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Subscription %s: %s; retrying in %s", options.name(), failure,
                            options.pollInterval());
                    return sleep(options.pollInterval()).replaceWith(true);
                })
                .repeat().until(ignored -> !running)
                .collect().last()
                .subscribe().with(ignored -> loopDone.complete(null), loopDone::completeExceptionally);
    }

    /**
     * Stops after the event in hand, stores the checkpoint and frees the lease so another instance (or this one
     * after a live reload) resumes at once.
     */
    public Uni<Void> stop() {
        if (!halt()) {
            // stopped already, or stopping: every caller waits for the same clean stop
            Uni<Void> current = stopping;
            return current != null ? current : Uni.createFrom().voidItem();
        }
        // the renew timer is gone: finish the event in hand well within what is left of the lease
        Duration grace = min(SHUTDOWN_GRACE, options.leaseTtl().minus(options.leaseRenewInterval()));
        Uni<Void> clean = Uni.createFrom().completionStage(loopDone)
                .ifNoItem().after(grace).fail()
                .chain(() -> leaseHeld ? repository.checkpoint(options.name(), owner, cursor, options.leaseTtl())
                        .chain(() -> repository.release(options.name(), owner)) : Uni.createFrom().voidItem())
                .invoke(() -> leaseHeld = false)
                .onFailure().invoke(failure -> LOG.warnf(
                        "Subscription %s did not stop cleanly (%s); its lease expires in %s", options.name(),
                        failure, options.leaseTtl()))
                .onFailure().recoverWithNull().replaceWithVoid()
                .memoize().indefinitely();
        stopping = clean;
        return clean;
    }

    /**
     * Stops at once, the way a killed process would: no checkpoint, lease left to expire. The next owner resumes
     * from the last stored checkpoint.
     */
    public void abandon() {
        halt();
        leaseHeld = false;
    }

    private boolean halt() {
        if (!halted.compareAndSet(false, true)) {
            return false;
        }
        running = false;
        wake();
        // on the worker's context, after run() if that is still queued, so neither the timer nor the listener leaks
        context.runOnContext(ignored -> {
            vertx.cancelTimer(renewTimer);
            signals.removeListener(wakeListener);
        });
        return true;
    }

    /**
     * Wakes up for appends to the stream types this subscription reads, noting how far it must read to see them. A
     * wake-up without cursors (another instance, or an operator's pause, resume or replay) also makes it look at its
     * subscription row before reading on, and look a few more times as the other instance's events become visible.
     */
    private void appended(Map<AppendSignals.Kind, Cursor> appended) {
        if (appended == null) {
            refreshLease = true;
            unannouncedLooks.set(UNANNOUNCED_LOOKS);
            wake();
            return;
        }
        // only events it delivers are worth a read: the others are passed over on the way to the next one
        boolean worthReading = false;
        for (Map.Entry<AppendSignals.Kind, Cursor> entry : appended.entrySet()) {
            AppendSignals.Kind kind = entry.getKey();
            if (options.reads(kind.streamType()) && options.delivers(kind.eventType())) {
                announced.accumulateAndGet(entry.getValue(), Cursor::later);
                worthReading = true;
            }
        }
        if (worthReading) {
            wake();
        }
    }

    void wake() {
        signalled.set(true);
        waiter.complete(null);
    }

    private Uni<Boolean> step() {
        if (!ownsLease()) {
            leaseHeld = false;
            return acquire();
        }
        if (refreshLease) {
            refreshLease = false;
            return saveCheckpoint().replaceWith(true);
        }
        if (paused) {
            return idle(options.pollInterval()).chain(this::saveCheckpoint).replaceWith(true);
        }
        return replayIfDue().chain(this::readAndDeliver);
    }

    private Uni<Boolean> acquire() {
        long sent = System.nanoTime();
        return repository.acquire(options.name(), owner, options.leaseTtl()).chain(lease -> {
            if (lease.isEmpty()) {
                // standby: another instance works it; wake-ups are not a reason to ask again
                return sleep(options.leaseRenewInterval()).replaceWith(true);
            }
            if (!running) {
                return repository.release(options.name(), owner).replaceWith(true);
            }
            cursor = lease.get().cursor();
            savedCursor = cursor;
            paused = lease.get().paused();
            leaseValidUntil = sent + options.leaseTtl().toNanos();
            leaseHeld = true;
            LOG.infof("Subscription %s is worked by %s from position %d", options.name(), owner, cursor.position());
            return Uni.createFrom().item(true);
        });
    }

    private Uni<Boolean> readAndDeliver() {
        Uni<List<RecordedEvent>> read = readAhead != null && cursor.equals(readAheadFrom)
                ? readAhead
                : store.readAll(cursor, options.streamTypes(), options.batchSize());
        readAhead = null;
        return read.chain(batch -> {
            if (batch.size() == options.batchSize()) {
                // catching up: read the next page while this one is delivered, and go on at once
                readAheadFrom = batch.get(batch.size() - 1).cursor();
                readAhead = store.readAll(readAheadFrom, options.streamTypes(), options.batchSize())
                        .memoize().indefinitely();
                readAhead.subscribe().with(ignored -> {
                }, ignored -> {
                });
                return deliverAll(batch).chain(this::saveCheckpointIfDue).replaceWith(true);
            }
            if (!batch.isEmpty()) {
                fruitlessReads = 0;
                // read on at once if announced events are still to come; otherwise wait for the next wake-up
                return deliverAll(batch).chain(this::saveCheckpointIfDue)
                        .chain(() -> behindAnnounced() ? Uni.createFrom().voidItem() : waitForMore())
                        .replaceWith(true);
            }
            return saveCheckpointIfDue().chain(this::waitForMore).replaceWith(true);
        });
    }

    /**
     * After a page that was not full, unless announced events are still to come: when to read again. Reading as soon
     * as anything is appended would, under load, read mostly empty pages: new events only become visible once every
     * older transaction has ended (the xmin horizon), and more wake-ups do not make that happen sooner.
     */
    private Uni<?> waitForMore() {
        if (behindAnnounced()) {
            // this instance appended events that have committed but are not visible yet: look again after a short
            // pause, doubling while nothing shows (5, 10, 20 ... ms, up to the poll interval, for a transaction
            // left open for long), whatever else is appended meanwhile
            Duration pause = QUICK_RETRY.multipliedBy(1L << Math.min(fruitlessReads++, MAX_DOUBLINGS));
            return sleep(min(pause, options.pollInterval()));
        }
        int looksLeft = unannouncedLooks.getAndUpdate(looks -> Math.max(0, looks - 1));
        if (looksLeft > 0) {
            // woken without cursors (another instance appended): its events may not be visible yet either
            Duration pause = QUICK_RETRY.multipliedBy(1L << (UNANNOUNCED_LOOKS - looksLeft));
            return idle(min(pause, options.pollInterval()));
        }
        fruitlessReads = 0;
        return idle(options.pollInterval());
    }

    /** Events this instance appended, of kinds delivered here, have committed but not been read yet. */
    private boolean behindAnnounced() {
        return cursor.compareTo(announced.get()) < 0;
    }

    /**
     * Delivers the batch in {@link SubscriptionOptions#concurrency()} lanes at once, a stream always in the same
     * lane and each lane in order, so every stream is delivered in order. The cursor only moves over the unbroken run
     * of acknowledged (or parked) events from the start of the batch: whatever is redelivered after a stop or crash
     * is at most what was in flight, and the inbox recognises it.
     */
    private Uni<Void> deliverAll(List<RecordedEvent> batch) {
        int lanes = options.concurrency();
        List<List<Integer>> byLane = new ArrayList<>(lanes);
        for (int lane = 0; lane < lanes; lane++) {
            byLane.add(new ArrayList<>());
        }
        boolean[] done = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            if (options.delivers(batch.get(i).type())) {
                byLane.get(options.laneOf(batch.get(i).streamId())).add(i);
            } else {
                done[i] = true;
            }
        }
        int[] acknowledged = { 0 };
        advance(batch, done, acknowledged);
        AtomicBoolean interrupted = new AtomicBoolean();
        return Multi.createFrom().iterable(byLane)
                .filter(lane -> !lane.isEmpty())
                .onItem().transformToUni(lane -> Multi.createFrom().iterable(lane)
                        .onItem().transformToUniAndConcatenate(index -> {
                            if (interrupted.get() || !running || !ownsLease()) {
                                interrupted.set(true);
                                return Uni.createFrom().<Boolean>nullItem();
                            }
                            return deliver(batch.get(index), 1).invoke(delivered -> {
                                if (!delivered) {
                                    interrupted.set(true);
                                    return;
                                }
                                done[index] = true;
                                advance(batch, done, acknowledged);
                            });
                        })
                        .collect().last())
                .merge(lanes)
                .collect().last()
                .replaceWithVoid();
    }

    /** Moves the cursor over the events done from the start of the batch on. */
    private void advance(List<RecordedEvent> batch, boolean[] done, int[] acknowledged) {
        while (acknowledged[0] < done.length && done[acknowledged[0]]) {
            cursor = batch.get(acknowledged[0]).cursor();
            acknowledged[0]++;
        }
    }

    /** @return true once the event was acknowledged or parked, false when delivery was interrupted by a stop */
    private Uni<Boolean> deliver(RecordedEvent event, int attempt) {
        // the handler may answer on another thread; the worker's state is only touched on its own context
        return Uni.createFrom().deferred(() -> handler.handle(event)).emitOn(onContext).replaceWith(true)
                .onFailure().recoverWithUni(failure -> {
                    if (!running || !ownsLease()) {
                        return Uni.createFrom().item(false);
                    }
                    if (attempt >= options.maxAttempts()) {
                        LOG.errorf(failure, "Subscription %s parked event %s (%s #%d in %s) after %d attempts",
                                options.name(), event.eventId(), event.type(), event.streamVersion(),
                                event.streamId(), attempt);
                        return repository.park(options.name(), event.eventId(), event.globalPosition(), attempt,
                                describe(failure)).replaceWith(true);
                    }
                    Duration backoff = backoff(attempt);
                    LOG.debugf("Subscription %s: attempt %d of event %s failed (%s); retrying in %s",
                            options.name(), attempt, event.eventId(), failure, backoff);
                    return sleep(backoff).chain(() -> deliver(event, attempt + 1));
                });
    }

    /** Delivers, once each, the parked events an operator asked to replay. Checked once per poll interval. */
    private Uni<Void> replayIfDue() {
        long now = System.nanoTime();
        if (now - lastReplayCheck < options.pollInterval().toNanos()) {
            return Uni.createFrom().voidItem();
        }
        lastReplayCheck = now;
        return repository.replayRequested(options.name()).chain(ids -> ids.isEmpty()
                ? Uni.createFrom().voidItem()
                : store.readEvents(ids).chain(events -> Multi.createFrom().iterable(events)
                        .onItem().transformToUniAndConcatenate(this::replay)
                        .collect().last().replaceWithVoid()));
    }

    private Uni<Void> replay(RecordedEvent event) {
        return Uni.createFrom().deferred(() -> handler.handle(event)).emitOn(onContext)
                .chain(() -> {
                    LOG.infof("Subscription %s replayed parked event %s", options.name(), event.eventId());
                    return repository.replayed(options.name(), event.eventId());
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Subscription %s: replay of parked event %s failed again: %s", options.name(),
                            event.eventId(), failure);
                    return repository.replayFailed(options.name(), event.eventId(), describe(failure));
                });
    }

    /**
     * Stores progress at most every {@value #CHECKPOINT_INTERVAL_MS} ms from the delivery loop: a subscription that
     * reads a busy log page by page would otherwise write its checkpoint hundreds of times a second. The lease
     * timer stores it too, and a stop stores the last one; what a crash loses is redelivered and recognised.
     */
    private Uni<Void> saveCheckpointIfDue() {
        long now = System.nanoTime();
        if (cursor.equals(savedCursor) || now - lastCheckpointSave < CHECKPOINT_INTERVAL_MS * 1_000_000) {
            return Uni.createFrom().voidItem();
        }
        lastCheckpointSave = now;
        return saveCheckpoint();
    }

    private Uni<Void> saveCheckpoint() {
        Cursor current = cursor;
        long sent = System.nanoTime();
        return repository.checkpoint(options.name(), owner, current, options.leaseTtl())
                .invoke(lease -> onLeaseAnswer(lease, current, sent)).replaceWithVoid();
    }

    /** Timer: renews the lease (storing progress on the way) so a long handler does not lose it. */
    private void renewLease() {
        if (!running || !leaseHeld || !renewing.compareAndSet(false, true)) {
            return;
        }
        Cursor current = cursor;
        long sent = System.nanoTime();
        repository.checkpoint(options.name(), owner, current, options.leaseTtl())
                .subscribe().with(lease -> {
                    renewing.set(false);
                    onLeaseAnswer(lease, current, sent);
                }, failure -> {
                    renewing.set(false);
                    LOG.warnf("Subscription %s could not renew its lease: %s", options.name(), failure.toString());
                });
    }

    private void onLeaseAnswer(Optional<SubscriptionRepository.Lease> lease, Cursor stored, long sent) {
        if (lease.isEmpty()) {
            if (leaseHeld) {
                LOG.warnf("Subscription %s: %s lost its lease; another instance has taken over", options.name(),
                        owner);
            }
            leaseHeld = false;
            return;
        }
        leaseValidUntil = sent + options.leaseTtl().toNanos();
        savedCursor = Cursor.later(stored, savedCursor);
        boolean nowPaused = lease.get().paused();
        if (nowPaused != paused) {
            LOG.infof("Subscription %s %s", options.name(), nowPaused ? "paused" : "resumed");
        }
        paused = nowPaused;
    }

    /** Waits for a wake-up or {@code max}, whichever comes first. */
    private Uni<Boolean> idle(Duration max) {
        if (signalled.getAndSet(false) || !running) {
            return Uni.createFrom().item(true);
        }
        CompletableFuture<Void> next = new CompletableFuture<>();
        waiter = next;
        if (signalled.getAndSet(false) || !running) {
            return Uni.createFrom().item(true);
        }
        return Uni.createFrom().emitter(emitter -> {
            long timer = vertx.setTimer(Math.max(1, max.toMillis()), id -> emitter.complete(true));
            next.whenComplete((ignored, failure) -> context.runOnContext(v -> {
                vertx.cancelTimer(timer);
                emitter.complete(true);
            }));
        });
    }

    private Uni<Void> sleep(Duration duration) {
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(Math.max(1, duration.toMillis()),
                id -> emitter.complete(null)));
    }

    private Duration backoff(int attempt) {
        long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, options.maxBackoff().toMillis());
        // full jitter on the upper half keeps instances that failed together from retrying together
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getName() + ": " + failure.getMessage();
        return text.length() > 4000 ? text.substring(0, 4000) : text;
    }
}
