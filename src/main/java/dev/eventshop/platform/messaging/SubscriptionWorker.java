package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.eventstore.CommittedPage;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;

/**
 * Works one catch-up subscription in this instance: takes its lease, reads the events after its checkpoint, hands
 * them to the handler — one at a time, or in several lanes split by stream so each stream still arrives in order —
 * retries a failing event with backoff, parks it after the last attempt, and stores the checkpoint of what was
 * acknowledged.
 * <p>
 * Reading and handling overlap: the worker reads on while the lanes work, and each lane takes its next event as soon
 * as it is free, so one slow event holds up only its own lane. An event is handed out as soon as it has committed,
 * even while an older transaction is still running; the cursor, though, only moves over events below the horizon
 * (the oldest transaction still running), so an event that commits later can never end up behind it.
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
    static final long CHECKPOINT_INTERVAL_MS = 250;

    private final SubscriptionOptions options;
    private final String owner;
    private final EventStore store;
    private final LogTail tail;
    private final SubscriptionRepository repository;
    private final AppendSignals signals;
    private final Vertx vertx;
    private final SubscriptionHandler handler;
    private final AppendSignals.Listener wakeListener = new AppendSignals.Listener() {
        @Override
        public void appended(Set<AppendSignals.Kind> appended) {
            SubscriptionWorker.this.appended(appended);
        }

        @Override
        public void refresh() {
            refreshLease = true;
            wake();
        }
    };
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
    /** Reads in a row that found nothing new while read events still waited to be settled. */
    private int fruitlessReads;
    /**
     * Events read and not yet passed by the cursor, in cursor order, each with whether it is done (acknowledged,
     * parked or not delivered here). Touched only on the worker's context.
     */
    private final TreeMap<Cursor, Boolean> pending = new TreeMap<>();
    /** Every event up to here is known: passed by the cursor or pending. Reads go on from here. */
    private Cursor settled = Cursor.START;
    private final Lane[] lanes;
    /** Events handed to the lanes and not yet done. */
    private int inLanes;
    private boolean waitingForRoom;
    private CompletableFuture<Void> lanesIdle = CompletableFuture.completedFuture(null);
    private volatile long renewTimer = -1;
    private volatile boolean registered;
    private final AtomicBoolean halted = new AtomicBoolean();
    /** Streams waiting out a retry backoff, by stream id. Touched only on the worker's context. */
    private final Map<String, Retry> retrying = new HashMap<>();
    /** Failed attempts so far of the events being retried. */
    private final Map<UUID, Integer> failures = new HashMap<>();
    /** Streams parked for an operator, with the event each is parked at: their later events are held, not delivered. */
    private final Map<String, UUID> parkedStreams = new HashMap<>();
    /** Parked streams are being released: lanes take no new event meanwhile. */
    private boolean replaying;
    private volatile Uni<Void> stopping;

    SubscriptionWorker(SubscriptionOptions options, String owner, EventStore store, LogTail tail,
            SubscriptionRepository repository, AppendSignals signals, Vertx vertx, SubscriptionHandler handler) {
        this.options = options;
        this.owner = owner;
        this.store = store;
        this.tail = tail;
        this.repository = repository;
        this.signals = signals;
        this.vertx = vertx;
        this.handler = handler;
        this.context = ((VertxInternal) vertx.getDelegate()).createEventLoopContext();
        this.lanes = new Lane[options.concurrency()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
        // on its own event loop already (a handler that answered there), carry on without a hop per event
        this.onContext = task -> {
            Context current = io.vertx.core.Vertx.currentContext();
            // on the worker's event loop (a delivery runs on a duplicate of its context), never a worker thread
            if (current == context || current instanceof ContextInternal internal && internal.unwrap() == context
                    && ((ContextInternal) context).nettyEventLoop().inEventLoop()) {
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
                // the lanes finish the events in hand before the worker counts as stopped
                .chain(this::whenLanesIdle)
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
            cancelRetries();
            vertx.cancelTimer(renewTimer);
            signals.removeListener(wakeListener);
        });
        return true;
    }

    /**
     * Wakes up for appends of events this subscription delivers (the others are passed over on the way to the next
     * one), or of unknown kinds (another instance appended). Only an operator's refresh makes it look at its
     * subscription row: a checkpoint write per remote append would multiply the writes by the instances.
     */
    private void appended(Set<AppendSignals.Kind> appended) {
        if (appended == null) {
            wake();
            return;
        }
        for (AppendSignals.Kind kind : appended) {
            if (options.reads(kind.streamType()) && options.delivers(kind.eventType())) {
                wake();
                return;
            }
        }
    }

    void wake() {
        signalled.set(true);
        waiter.complete(null);
    }

    private Uni<Boolean> step() {
        if (!ownsLease()) {
            leaseHeld = false;
            // what the lanes hold is redelivered by whoever owns the subscription next, from its checkpoint
            return whenLanesIdle().chain(() -> {
                forgetPending();
                return acquire();
            });
        }
        if (refreshLease) {
            refreshLease = false;
            return saveCheckpoint().replaceWith(true);
        }
        if (paused) {
            return idle(options.pollInterval()).chain(this::saveCheckpoint).replaceWith(true);
        }
        return replayIfDue().chain(() -> {
            kickLanes(); // lanes stopped by a pause, a replay or a failed park go on
            return readAndDispatch();
        });
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
            Cursor from = lease.get().cursor();
            boolean nowPaused = lease.get().paused();
            // the streams parked before stay parked: their new events are held behind them
            return repository.parkedStreams(options.name()).emitOn(onContext).map(streams -> {
                rememberParked(streams);
                cursor = from;
                settled = from;
                savedCursor = from;
                paused = nowPaused;
                leaseValidUntil = sent + options.leaseTtl().toNanos();
                leaseHeld = true;
                LOG.infof("Subscription %s is worked by %s from position %d (%d parked streams)", options.name(),
                        owner, from.position(), parkedStreams.size());
                return true;
            });
        });
    }

    /**
     * Reads the committed events after what is settled, hands the new ones to their lanes and moves the cursor over
     * what is done and settled. Reads on at once while catching up; otherwise waits for the next append.
     */
    private Uni<Boolean> readAndDispatch() {
        if (inLanes >= 2 * options.batchSize()) {
            // the lanes are two pages behind: wait until they make room (they wake the worker) rather than read more
            waitingForRoom = true;
            return idle(options.pollInterval()).chain(this::saveCheckpointIfDue).replaceWith(true);
        }
        return tail.readCommitted(Cursor.later(cursor, settled), options.streamTypes(), options.batchSize())
                .emitOn(onContext)
                .chain(page -> {
                    Cursor settledBefore = settled;
                    int fresh = dispatch(page);
                    if (page.full() && (fresh > 0 || !settled.equals(settledBefore))) {
                        return saveCheckpointIfDue().replaceWith(true); // catching up
                    }
                    if (page.full()) {
                        // a page of events read before, all above the horizon: an older transaction is still open,
                        // and until it ends reading again brings the same page, however many appends wake us
                        Duration pause = quickPause();
                        return saveCheckpointIfDue().chain(() -> sleep(pause))
                                .replaceWith(true);
                    }
                    return saveCheckpointIfDue().chain(() -> waitForMore(fresh)).replaceWith(true);
                });
    }

    /** @return how many of the page's events were new */
    private int dispatch(CommittedPage page) {
        int fresh = 0;
        for (RecordedEvent event : page.events()) {
            if (pending.containsKey(event.cursor()) || event.cursor().compareTo(cursor) <= 0) {
                continue; // read before: in a lane, or done and waiting for the horizon to pass it
            }
            fresh++;
            boolean delivered = options.delivers(event.type());
            pending.put(event.cursor(), !delivered);
            if (delivered) {
                lanes[options.laneOf(event.streamId())].queue.add(event);
                inLanes++;
            }
        }
        Cursor settledOnPage = page.settledUpTo();
        if (settledOnPage != null) {
            settled = Cursor.later(settled, settledOnPage);
        }
        advance();
        kickLanes();
        if (fresh > 0) {
            fruitlessReads = 0;
        }
        return fresh;
    }

    /**
     * After a read that did not fill a page: when to read again. Events appended here wake the worker; events read
     * but above the horizon are settled by a later read, soon (5, 10, 20 ... ms, up to the poll interval, while
     * nothing new shows up); otherwise the poll interval, for appends of other instances whose wake-up got lost.
     */
    private Uni<?> waitForMore(int fresh) {
        boolean unsettled = !pending.isEmpty() && pending.lastKey().compareTo(settled) > 0;
        if (!unsettled) {
            fruitlessReads = 0;
            return idle(options.pollInterval());
        }
        return idle(fresh > 0 ? min(QUICK_RETRY, options.pollInterval()) : quickPause());
    }

    /** 5, 10, 20 ... ms for each read in a row that found nothing new, up to the poll interval. */
    private Duration quickPause() {
        return min(QUICK_RETRY.multipliedBy(1L << Math.min(fruitlessReads++, MAX_DOUBLINGS)), options.pollInterval());
    }

    /** Moves the cursor over the events that are done and settled, from the oldest pending one on. */
    private void advance() {
        while (!pending.isEmpty()) {
            Map.Entry<Cursor, Boolean> oldest = pending.firstEntry();
            if (!oldest.getValue() || oldest.getKey().compareTo(settled) > 0) {
                return;
            }
            cursor = oldest.getKey();
            pending.pollFirstEntry();
        }
    }

    private boolean mayDeliver() {
        return running && ownsLease() && !paused;
    }

    /** Whether a lane may start on its next event: not while parked streams are being replayed. */
    private boolean mayStartNext() {
        return mayDeliver() && !replaying;
    }

    /** One lane: its events in the order read, handled one after the other. */
    private static final class Lane {
        final ArrayDeque<RecordedEvent> queue = new ArrayDeque<>();
        boolean busy;
    }

    /** What became of one delivery attempt. */
    private enum Outcome {
        /** Acknowledged, parked or held: the event is done here. */
        DONE,
        /** Failed, to be tried again after a backoff: its stream waits, the lane goes on. */
        RETRY,
        /** Stopping, paused or the lease is gone: the event stays where it is, unacknowledged. */
        INTERRUPTED
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

    /**
     * Starts the lanes that have events and may deliver — in a task of its own, so the read the worker sends next is
     * on its way while the lanes work (handlers that answer at once would otherwise run before it is sent).
     */
    private void kickLanes() {
        context.runOnContext(ignored -> kickLanesNow());
    }

    private void kickLanesNow() {
        for (Lane lane : lanes) {
            if (!lane.busy && !lane.queue.isEmpty() && mayStartNext()) {
                lane.busy = true;
                if (lanesIdle.isDone()) {
                    lanesIdle = new CompletableFuture<>();
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
            if (lane.queue.isEmpty() || !mayStartNext()) {
                laneStopped(lane);
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
            // attempt answers on the worker's context (the handler's answer is moved there)
            attempt(next).subscribe().with(outcome -> {
                if (outcome == Outcome.INTERRUPTED) {
                    lane.queue.addFirst(next);
                    laneStopped(lane);
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
                        rootMessage(failure));
                lane.queue.addFirst(next);
                laneStopped(lane); // taken up again by the next step of the worker
            });
            returned[0] = true;
            if (!answered[0]) {
                return;
            }
        }
    }

    private void done(RecordedEvent event) {
        pending.replace(event.cursor(), true);
        inLanes--;
        advance();
        if (waitingForRoom && inLanes < 2 * options.batchSize()) {
            waitingForRoom = false;
            wake();
        }
    }

    private void laneStopped(Lane lane) {
        lane.busy = false;
        for (Lane other : lanes) {
            if (other.busy) {
                return;
            }
        }
        lanesIdle.complete(null);
    }

    /** Completes once no lane has an event in hand. */
    private Uni<Void> whenLanesIdle() {
        CompletableFuture<Void> idle = lanesIdle;
        return Uni.createFrom().completionStage(idle).emitOn(onContext);
    }

    /** After losing the lease: what was read is redelivered from the checkpoint by whoever owns it next. */
    private void forgetPending() {
        pending.clear();
        for (Lane lane : lanes) {
            lane.queue.clear();
        }
        cancelRetries();
        parkedStreams.clear();
        inLanes = 0;
        waitingForRoom = false;
    }

    private void cancelRetries() {
        retrying.values().forEach(retry -> vertx.cancelTimer(retry.timer));
        retrying.clear();
        failures.clear();
    }

    /**
     * One delivery of an event. An event of a parked stream is not delivered but held behind the parked one. A
     * failure is retried after a backoff while the lane goes on with other streams; after the last attempt the
     * stream is parked at this event.
     */
    private Uni<Outcome> attempt(RecordedEvent event) {
        if (!mayDeliver()) {
            return Uni.createFrom().item(Outcome.INTERRUPTED);
        }
        UUID parkedAt = parkedStreams.get(event.streamId());
        if (parkedAt != null) {
            return bounded(repository.hold(options.name(), owner, event, parkedAt))
                    .map(held -> held ? Outcome.DONE : leaseGone(event));
        }
        return invoke(event).invoke(() -> failures.remove(event.eventId())).replaceWith(Outcome.DONE)
                .onFailure().recoverWithUni(failure -> failed(event, failure));
    }

    /** The database says another instance owns the subscription now, whatever our clock says: stop at once. */
    private Outcome leaseGone(RecordedEvent event) {
        LOG.warnf("Subscription %s: %s lost its lease while handling event %s; nothing of it was committed",
                options.name(), owner, event.eventId());
        leaseHeld = false;
        wake();
        return Outcome.INTERRUPTED;
    }

    /** A bookkeeping statement of the worker's, bounded like a delivery, answered on the worker's context. */
    private <T> Uni<T> bounded(Uni<T> statement) {
        return statement.ifNoItem().after(options.handlerTimeout()).fail().emitOn(onContext);
    }

    private Uni<Outcome> failed(RecordedEvent event, Throwable failure) {
        if (leaseLost(failure)) {
            return Uni.createFrom().item(leaseGone(event));
        }
        if (!mayDeliver()) {
            return Uni.createFrom().item(Outcome.INTERRUPTED); // stopped, lease lost or paused: retried later, from 1
        }
        int attempts = failures.merge(event.eventId(), 1, Integer::sum);
        if (attempts >= options.maxAttempts()) {
            LOG.errorf("Subscription %s parked stream %s at event %s (%s #%d) after %d attempts; its later events are "
                    + "held until the event is replayed or skipped: %s", options.name(), event.streamId(),
                    event.eventId(), event.type(), event.streamVersion(), attempts, rootMessage(failure));
            return bounded(repository.park(options.name(), owner, event, attempts, describe(failure)))
                    .map(parked -> {
                        if (!parked) {
                            return leaseGone(event);
                        }
                        failures.remove(event.eventId());
                        parkedStreams.put(event.streamId(), event.eventId());
                        return Outcome.DONE;
                    });
        }
        LOG.warnf("Subscription %s: attempt %d of %d of event %s (%s #%d in %s) failed: %s; the stream waits, other "
                + "streams go on", options.name(), attempts, options.maxAttempts(), event.eventId(), event.type(),
                event.streamVersion(), event.streamId(), rootMessage(failure));
        return Uni.createFrom().item(Outcome.RETRY);
    }

    private static boolean leaseLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Inbox.LeaseLostException) {
                return true;
            }
        }
        return false;
    }

    /** The stream waits out the backoff; then its events go back to the front of their lane, in order. */
    private void retryLater(Lane lane, RecordedEvent event) {
        Retry retry = new Retry(lane);
        retry.events.add(event);
        retrying.put(event.streamId(), retry);
        Duration backoff = backoff(failures.getOrDefault(event.eventId(), 1));
        retry.timer = vertx.setTimer(Math.max(1, backoff.toMillis()),
                id -> onContext.execute(() -> {
                    if (retrying.remove(event.streamId(), retry)) {
                        retry.events.descendingIterator().forEachRemaining(retry.lane.queue::addFirst);
                        kickLanesNow();
                    }
                }));
    }

    /**
     * Calls the handler on a context of its own (and with a subscriber context) that names this delivery's
     * subscription and owner, so that the inbox can refuse effects of an owner that has lost the lease meanwhile, and
     * bounds how long it may take: a hung call counts as a failed attempt instead of freezing the lane.
     */
    private Uni<Void> invoke(RecordedEvent event) {
        Inbox.Delivery named = new Inbox.Delivery(options.name(), owner);
        ContextInternal delivery = ((ContextInternal) context).duplicate();
        delivery.putLocal(Inbox.DELIVERY, named);
        return Uni.createFrom().<Void>emitter(emitter -> delivery.runOnContext(ignored -> {
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
        }))
                .ifNoItem().after(options.handlerTimeout())
                .failWith(() -> new TimeoutException("the handler did not answer within " + options.handlerTimeout()))
                .emitOn(onContext);
    }

    /**
     * Releases the parked streams an operator replayed or skipped: delivers, in order, the event each is parked at
     * (unless skipped) and the events held behind it. Checked once per poll interval; done while the lanes are idle,
     * so no event of such a stream is in a lane's hands meanwhile.
     */
    private Uni<Void> replayIfDue() {
        long now = System.nanoTime();
        if (now - lastReplayCheck < options.pollInterval().toNanos()) {
            return Uni.createFrom().voidItem();
        }
        lastReplayCheck = now;
        return repository.parkedStreams(options.name()).emitOn(onContext).chain(stored -> {
            // something to release, or the stored parked streams differ from the ones held back here
            boolean released = stored.values().stream().anyMatch(SubscriptionRepository.ParkedStream::releaseRequested)
                    || !stored.keySet().equals(parkedStreams.keySet());
            if (!released) {
                return Uni.createFrom().voidItem();
            }
            replaying = true;
            return whenLanesIdle()
                    .chain(() -> repository.parkedStreams(options.name()).emitOn(onContext))
                    .chain(streams -> {
                        rememberParked(streams);
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
    private void rememberParked(Map<String, SubscriptionRepository.ParkedStream> stored) {
        parkedStreams.clear();
        stored.forEach((stream, parked) -> parkedStreams.put(stream, parked.parkedAt()));
    }

    private Uni<Void> release(SubscriptionRepository.ParkedStream stream) {
        return bounded(repository.waiting(options.name(), stream.streamId())).chain(waiting -> bounded(store
                .readEvents(waiting.stream().map(SubscriptionRepository.Waiting::eventId).toList()))
                .chain(events -> {
                    Map<UUID, RecordedEvent> byId = new HashMap<>();
                    events.forEach(event -> byId.put(event.eventId(), event));
                    return releaseFrom(stream.streamId(), waiting, byId, 0);
                }));
    }

    private Uni<Void> releaseFrom(String streamId, List<SubscriptionRepository.Waiting> waiting,
            Map<UUID, RecordedEvent> events, int index) {
        if (index == waiting.size()) {
            parkedStreams.remove(streamId);
            LOG.infof("Subscription %s released stream %s", options.name(), streamId);
            return Uni.createFrom().voidItem();
        }
        SubscriptionRepository.Waiting next = waiting.get(index);
        RecordedEvent event = events.get(next.eventId());
        if (!next.released() || !mayDeliver()) {
            return Uni.createFrom().voidItem(); // parked at an event nobody released, or no longer ours to deliver
        }
        if (event == null) {
            LOG.errorf("Subscription %s: parked event %s of stream %s is not in the log; skip it to release the "
                    + "stream", options.name(), next.eventId(), streamId);
            return Uni.createFrom().voidItem();
        }
        return invoke(event)
                .chain(() -> bounded(repository.replayed(options.name(), event.eventId())))
                .invoke(() -> LOG.infof("Subscription %s delivered parked event %s", options.name(), event.eventId()))
                .chain(() -> releaseFrom(streamId, waiting, events, index + 1))
                .onFailure().recoverWithUni(failure -> {
                    // not a failure of the event: the stream stays as it is for whoever owns it now
                    if (leaseLost(failure)) {
                        leaseGone(event);
                        return Uni.createFrom().voidItem();
                    }
                    if (!mayDeliver()) {
                        return Uni.createFrom().voidItem();
                    }
                    LOG.warnf("Subscription %s: parked event %s failed again: %s", options.name(), event.eventId(),
                            rootMessage(failure));
                    parkedStreams.put(streamId, event.eventId());
                    return bounded(repository.replayFailed(options.name(), event.eventId(), describe(failure)));
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

    /** What an operator needs to see: the root cause first (its own words), then the chain that led to it. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(rootMessage(failure));
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            text.append(t == failure ? " (via " : " <- ").append(t.getClass().getName());
            if (t.getCause() == null) {
                text.append(')');
                break;
            }
        }
        return text.length() > 4000 ? text.substring(0, 4000) : text.toString();
    }

    /** The innermost cause's type and message: a provider's answer rather than the wrapper that reported it. */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
