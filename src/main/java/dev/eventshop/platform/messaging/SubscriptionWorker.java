package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;

/**
 * Works one catch-up subscription in this instance: takes its lease ({@link WorkerLease}), reads the events after
 * its checkpoint ({@link ReadWindow}), hands them to the handler in lanes split by stream ({@link Lanes}), and parks
 * a stream whose event keeps failing ({@link ParkedStreams}). This class is the loop that ties them together.
 * <p>
 * Reading and handling overlap: the worker reads on while the lanes work. Only the instance holding the lease
 * delivers; what is delivered twice after a take-over is recognised by the subscriber's inbox, which also refuses
 * the effects of an owner that lost the lease mid-delivery.
 */
public final class SubscriptionWorker {

    private static final Logger LOG = Logger.getLogger(SubscriptionWorker.class);
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final SubscriptionOptions options;

    SubscriptionOptions options() {
        return options;
    }
    private final String owner;
    private final LogTail tail;
    private final SubscriptionRepository repository;
    private final AppendSignals signals;
    private final Vertx vertx;
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
    private final WorkerLease lease;
    private final ReadWindow window;
    private final Lanes lanes;
    private final ParkedStreams parked;

    private final AtomicBoolean signalled = new AtomicBoolean();
    private final CompletableFuture<Void> loopDone = new CompletableFuture<>();
    private volatile CompletableFuture<Void> waiter = new CompletableFuture<>();
    private volatile boolean running;
    private volatile boolean refreshLease;
    private volatile boolean registered;
    private final AtomicBoolean halted = new AtomicBoolean();
    private volatile Uni<Void> stopping;

    SubscriptionWorker(SubscriptionOptions options, String owner, EventStore store, LogTail tail,
            SubscriptionRepository repository, AppendSignals signals, Vertx vertx, SubscriptionHandler handler) {
        this.options = options;
        this.owner = owner;
        this.tail = tail;
        this.repository = repository;
        this.signals = signals;
        this.vertx = vertx;
        this.context = ((VertxInternal) vertx.getDelegate()).createEventLoopContext();
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
        this.lease = new WorkerLease(options, owner, repository, vertx);
        this.window = new ReadWindow(options.pollInterval());
        Deliveries deliveries = new Deliveries(options, owner, context, onContext, handler);
        this.parked = new ParkedStreams(options, owner, store, repository, onContext, deliveries,
                new ParkedStreams.Worker() {
                    @Override
                    public boolean mayDeliver() {
                        return SubscriptionWorker.this.mayDeliver();
                    }

                    @Override
                    public Lanes.Outcome leaseGone(RecordedEvent event) {
                        return SubscriptionWorker.this.leaseGone(event);
                    }
                });
        this.lanes = new Lanes(options, context, onContext, vertx, new Lanes.Deliverer() {
            @Override
            public boolean mayStart() {
                // not while parked streams are being released
                return mayDeliver() && !parked.replaying();
            }

            @Override
            public Uni<Lanes.Outcome> attempt(RecordedEvent event) {
                return mayDeliver() ? parked.attempt(event) : Uni.createFrom().item(Lanes.Outcome.INTERRUPTED);
            }

            @Override
            public Duration backoff(RecordedEvent event) {
                return parked.backoff(event);
            }

            @Override
            public void done(RecordedEvent event) {
                window.done(event);
            }
        }, this::wake);
    }

    public String name() {
        return options.name();
    }

    public String owner() {
        return owner;
    }

    /** True while this instance holds the subscription's lease and delivers its events. */
    public boolean isActive() {
        return running && lease.owns();
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
        lease.renewEvery(window::cursor);
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
                .chain(lanes::whenIdle)
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
        Duration grace = ReadWindow.min(SHUTDOWN_GRACE, options.leaseTtl().minus(options.leaseRenewInterval()));
        Uni<Void> clean = Uni.createFrom().completionStage(loopDone)
                .ifNoItem().after(grace).fail()
                .chain(() -> lease.held() ? lease.save(window.cursor()).chain(lease::release)
                        : Uni.createFrom().voidItem())
                .invoke(lease::lost)
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
        lease.lost();
    }

    private boolean halt() {
        if (!halted.compareAndSet(false, true)) {
            return false;
        }
        running = false;
        lease.stopRenewing();
        wake();
        // on the worker's context, after run() if that is still queued, so neither a timer nor the listener leaks
        context.runOnContext(ignored -> {
            lanes.cancelRetries();
            parked.forgetAttempts();
            lease.stopRenewing();
            signals.removeListener(wakeListener);
        });
        return true;
    }

    /**
     * Wakes up for appends to its log of events this subscription delivers (the others are passed over on the way to
     * the next one), or of unknown kinds (another instance appended). Only an operator's refresh makes it look at its
     * subscription row: a checkpoint write per remote append would multiply the writes by the instances.
     */
    private void appended(Set<AppendSignals.Kind> appended) {
        if (appended == null) {
            wake();
            return;
        }
        for (AppendSignals.Kind kind : appended) {
            if (kind.log() == options.log() && options.reads(kind.streamType()) && options.delivers(kind.eventType())) {
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
        if (!lease.owns()) {
            lease.lost();
            // what the lanes hold is redelivered by whoever owns the subscription next, from its checkpoint
            return lanes.whenIdle().chain(() -> {
                lanes.clear();
                parked.forget();
                return acquire();
            });
        }
        if (refreshLease) {
            refreshLease = false;
            return lease.save(window.cursor()).replaceWith(true);
        }
        if (lease.paused()) {
            return idle(options.pollInterval()).chain(() -> lease.save(window.cursor())).replaceWith(true);
        }
        return parked.releaseIfDue(lanes::whenIdle).chain(() -> {
            lanes.kick(); // lanes stopped by a pause, a release or a failed park go on
            return readAndDispatch();
        });
    }

    private Uni<Boolean> acquire() {
        long asked = System.nanoTime();
        return lease.request().chain(granted -> {
            if (granted.isEmpty()) {
                // standby: another instance works it; wake-ups are not a reason to ask again
                return sleep(options.leaseRenewInterval()).replaceWith(true);
            }
            if (!running) {
                return lease.release().replaceWith(true);
            }
            // the streams parked before stay parked: their new events are held behind them
            return parked.load().map(parkedCount -> {
                window.resetTo(granted.get().cursor());
                lease.granted(granted.get(), asked);
                LOG.infof("Subscription %s is worked by %s from position %d (%d parked streams)", options.name(),
                        owner, granted.get().cursor().position(), parkedCount);
                return true;
            });
        });
    }

    /**
     * Reads the committed events after what is settled and hands the new ones to their lanes. Reads on at once while
     * catching up; otherwise waits for the next append.
     */
    private Uni<Boolean> readAndDispatch() {
        if (lanes.full()) {
            // the lanes make room (and wake the worker) before it reads more
            return idle(options.pollInterval()).chain(() -> lease.saveIfDue(window.cursor())).replaceWith(true);
        }
        return tail.readCommitted(window.readFrom(), options.streamTypes(), options.batchSize())
                .emitOn(onContext)
                .chain(page -> {
                    ReadWindow.PageResult taken = window.take(page, event -> options.delivers(event.type()),
                            lanes::add);
                    lanes.kick();
                    Uni<Void> saved = lease.saveIfDue(window.cursor());
                    if (page.full() && (taken.fresh() > 0 || taken.settledMore())) {
                        return saved.replaceWith(true); // catching up
                    }
                    if (page.full()) {
                        // a page of events read before, all above the horizon: an older transaction is still open,
                        // and until it ends reading again brings the same page, however many appends wake us
                        Duration pause = window.quickPause();
                        return saved.chain(() -> sleep(pause)).replaceWith(true);
                    }
                    return saved.chain(() -> idle(window.nextReadWithin(taken.fresh()))).replaceWith(true);
                });
    }

    private boolean mayDeliver() {
        return running && lease.owns() && !lease.paused();
    }

    /** The database says another instance owns the subscription now, whatever our clock says: stop at once. */
    private Lanes.Outcome leaseGone(RecordedEvent event) {
        LOG.warnf("Subscription %s: %s lost its lease while handling event %s; nothing of it was committed",
                options.name(), owner, event.eventId());
        lease.lost();
        wake();
        return Lanes.Outcome.INTERRUPTED;
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
}
