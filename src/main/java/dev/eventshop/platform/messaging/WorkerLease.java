package dev.eventshop.platform.messaging;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.Cursor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * A worker's lease on its subscription and the checkpoint stored with it. One statement does both: storing progress
 * renews the lease, so an instance that stops storing progress — because it died — loses the lease after the TTL and a
 * standby takes over from the stored checkpoint. The checkpoint only ever names acknowledged events, so it trails
 * the effects, never leads them.
 */
final class WorkerLease {

    private static final Logger LOG = Logger.getLogger(WorkerLease.class);
    static final long CHECKPOINT_INTERVAL_MS = 250;

    private final SubscriptionOptions options;
    private final String owner;
    private final SubscriptionRepository repository;
    private final Vertx vertx;

    private volatile boolean held;
    /** Until when the last successful acquire or renewal makes this instance the owner, by its own clock. */
    private volatile long validUntil;
    private volatile boolean paused;
    private volatile Cursor saved = Cursor.START;
    private long lastSave;
    private final AtomicBoolean renewing = new AtomicBoolean();
    private volatile long renewTimer = -1;
    private volatile boolean stopped;

    WorkerLease(SubscriptionOptions options, String owner, SubscriptionRepository repository, Vertx vertx) {
        this.options = options;
        this.owner = owner;
        this.repository = repository;
        this.vertx = vertx;
    }

    /**
     * Held and not expired by our own clock: if renewals fail (database unreachable, a blocked event loop), this
     * instance stops delivering when its lease runs out, which is when a standby may take it.
     */
    boolean owns() {
        return held && System.nanoTime() - validUntil < 0;
    }

    boolean held() {
        return held;
    }

    /** Paused by an operator: the checkpoint stays where it is until resumed. */
    boolean paused() {
        return paused;
    }

    /** The database or our clock says another instance may own it now. */
    void lost() {
        held = false;
    }

    /** Asks for the lease; empty while another instance holds it. The time it was asked is passed to {@link #granted}. */
    Uni<Optional<SubscriptionRepository.Lease>> request() {
        return repository.acquire(options.name(), owner, options.leaseTtl());
    }

    void granted(SubscriptionRepository.Lease lease, long askedAt) {
        saved = lease.cursor();
        paused = lease.paused();
        validUntil = askedAt + options.leaseTtl().toNanos();
        held = true;
    }

    Uni<Void> release() {
        return repository.release(options.name(), owner);
    }

    /** Renews the lease on a timer (storing progress on the way) so a long handler does not lose it. */
    void renewEvery(Supplier<Cursor> progress) {
        renewTimer = vertx.setPeriodic(options.leaseRenewInterval().toMillis(), id -> renew(progress.get()));
    }

    void stopRenewing() {
        stopped = true;
        vertx.cancelTimer(renewTimer);
    }

    private void renew(Cursor current) {
        if (stopped || !held || !renewing.compareAndSet(false, true)) {
            return;
        }
        long sent = System.nanoTime();
        repository.checkpoint(options.name(), owner, current, options.leaseTtl())
                .subscribe().with(lease -> {
                    renewing.set(false);
                    answered(lease, current, sent);
                }, failure -> {
                    renewing.set(false);
                    LOG.warnf("Subscription %s could not renew its lease: %s", options.name(), failure.toString());
                });
    }

    /**
     * Stores progress at most every {@value #CHECKPOINT_INTERVAL_MS} ms from the delivery loop: a subscription that
     * reads a busy log page by page would otherwise write its checkpoint hundreds of times a second. The renew timer
     * stores it too, and a stop stores the last one; what a crash loses is redelivered and recognised.
     */
    Uni<Void> saveIfDue(Cursor current) {
        long now = System.nanoTime();
        if (current.equals(saved) || now - lastSave < CHECKPOINT_INTERVAL_MS * 1_000_000) {
            return Uni.createFrom().voidItem();
        }
        lastSave = now;
        return save(current);
    }

    /** Stores progress and renews the lease; the answer also says whether an operator paused or resumed it. */
    Uni<Void> save(Cursor current) {
        long sent = System.nanoTime();
        return repository.checkpoint(options.name(), owner, current, options.leaseTtl())
                .invoke(lease -> answered(lease, current, sent)).replaceWithVoid();
    }

    private void answered(Optional<SubscriptionRepository.Lease> lease, Cursor stored, long sent) {
        if (lease.isEmpty()) {
            if (held) {
                LOG.warnf("Subscription %s: %s lost its lease; another instance has taken over", options.name(),
                        owner);
            }
            held = false;
            return;
        }
        validUntil = sent + options.leaseTtl().toNanos();
        saved = Cursor.later(stored, saved);
        boolean nowPaused = lease.get().paused();
        if (nowPaused != paused) {
            LOG.infof("Subscription %s %s", options.name(), nowPaused ? "paused" : "resumed");
        }
        paused = nowPaused;
    }
}
