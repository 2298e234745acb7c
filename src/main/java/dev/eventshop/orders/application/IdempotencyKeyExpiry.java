package dev.eventshop.orders.application;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.infrastructure.OrdersConfig;
import dev.eventshop.platform.modules.ModulesConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes {@code Idempotency-Key}s older than {@code eventshop.orders.idempotency-key-ttl}, so that the table holds
 * about one TTL's worth of keyed orders rather than every key ever sent.
 */
@ApplicationScoped
public class IdempotencyKeyExpiry {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyExpiry.class);
    /** Checked every quarter of the TTL, but at least every 10 minutes and at most every 100 ms. */
    private static final Duration MAX_INTERVAL = Duration.ofMinutes(10);
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    private static final int BATCH = 5_000;

    private final Vertx vertx;
    private final Pool pool;
    private final OrdersConfig config;
    private final ModulesConfig modules;
    private long timer = -1;

    public IdempotencyKeyExpiry(Vertx vertx, Pool pool, OrdersConfig config,
            ModulesConfig modules) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
        this.modules = modules;
    }

    void start(@Observes StartupEvent event) {
        if (!modules.runs(OrdersModule.NAME)) {
            return;
        }
        Duration quarter = config.idempotencyKeyTtl().dividedBy(4);
        Duration interval = quarter.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL
                : quarter.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : quarter;
        timer = vertx.setPeriodic(interval.toMillis(), id -> deleteExpired().subscribe().with(
                deleted -> LOG.debugf("Deleted %d expired idempotency keys", deleted),
                failure -> LOG.warnf("Deleting expired idempotency keys failed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** @return how many keys were deleted */
    public Uni<Long> deleteExpired() {
        return pool.preparedQuery("""
                DELETE FROM orders.idempotency_keys
                 WHERE ctid = ANY (ARRAY(SELECT ctid FROM orders.idempotency_keys
                                          WHERE created_at < now() - make_interval(secs => $1::bigint / 1000.0)
                                          LIMIT $2))""")
                .execute(Tuple.of(config.idempotencyKeyTtl().toMillis(), BATCH))
                .chain(rows -> rows.rowCount() < BATCH ? Uni.createFrom().item((long) rows.rowCount())
                        : deleteExpired().map(more -> more + rows.rowCount()));
    }
}
