package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.Upcasters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * How far behind each subscription this instance works is: the events it has still to pass (of its stream and event
 * types only, above its checkpoint, counted up to {@link #CAP}) and the age of the oldest of them. A relay's lag is
 * the backlog not yet sent to Kafka. Measured every {@code eventshop.subscriptions.lag-interval}, not on each scrape;
 * a pass still running when the next is due lets it go.
 */
@ApplicationScoped
public class SubscriptionLagMetrics {

    private static final Logger LOG = Logger.getLogger(SubscriptionLagMetrics.class);
    /** Beyond this the count stops: the alert is the same, and a large backlog costs no more to count. */
    static final int CAP = 100_000;

    private final Subscriptions subscriptions;
    private final Upcasters upcasters;
    private final Pool pool;
    private final Vertx vertx;
    private final SubscriptionsConfig config;
    private final MeterRegistry registry;
    private final Map<String, AtomicLong[]> lags = new ConcurrentHashMap<>();
    private final AtomicBoolean measuring = new AtomicBoolean();
    private long timer = -1;

    public SubscriptionLagMetrics(Subscriptions subscriptions, Pool pool, Vertx vertx, SubscriptionsConfig config,
            MeterRegistry registry, Upcasters upcasters) {
        this.subscriptions = subscriptions;
        this.upcasters = upcasters;
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.lagInterval().toMillis(), id -> {
            if (measuring.compareAndSet(false, true)) {
                measure().onTermination().invoke(() -> measuring.set(false)).subscribe().with(done -> { },
                        failure -> LOG.debugf("Measuring subscription lag failed: %s", failure.getMessage()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    Uni<Void> measure() {
        return Multi.createFrom().iterable(subscriptions.running())
                .onItem().transformToUniAndConcatenate(this::measure)
                .collect().last().replaceWithVoid();
    }

    /** The age of the oldest event the subscription has still to pass, as last measured; empty before that. */
    public Optional<Duration> lagAge(String subscription) {
        AtomicLong[] lag = lags.get(subscription);
        return lag == null ? Optional.empty() : Optional.of(Duration.ofMillis(lag[1].get()));
    }

    /**
     * The subscription's status with its lag measured now, of its own stream and event types, when this instance
     * works it; as it was otherwise.
     */
    public Uni<SubscriptionStatus> exact(SubscriptionStatus status) {
        return subscriptions.running().stream().filter(options -> options.name().equals(status.name())).findFirst()
                .map(options -> lag(options).map(row -> status.withLag(row.getLong("events"))))
                .orElseGet(() -> Uni.createFrom().item(status));
    }

    private Uni<Void> measure(SubscriptionOptions options) {
        return lag(options).invoke(row -> {
            AtomicLong[] lag = lags.computeIfAbsent(options.name(), this::register);
            lag[0].set(row.getLong("events"));
            lag[1].set(Math.round(row.getDouble("age") * 1000));
        }).replaceWithVoid()
                // one subscription's failure (a statement timeout) does not cost the others their measurement
                .onFailure().invoke(failure -> LOG.warnf("Lag of subscription %s not measured: %s", options.name(),
                        failure.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** One row: {@code events} still to pass (up to the cap) and the {@code age} of the oldest, in seconds. */
    private Uni<Row> lag(SubscriptionOptions options) {
        // the count stops at the cap (no order asked, so the limit ends the scan); the oldest is the first event of
        // each stream type above the checkpoint, in index order
        String sql = """
                WITH s AS (SELECT last_transaction_id AS tx, last_position AS pos FROM eventstore.subscriptions
                            WHERE name = $1)
                SELECT (SELECT count(*) FROM (SELECT 1 FROM %1$s e, s
                                               WHERE e.stream_type = ANY($2) AND (e.transaction_id, e.global_position) > (s.tx, s.pos)
                                                 AND ($3::text[] IS NULL OR e.event_type = ANY($3))
                                               LIMIT $4) behind) AS events,
                       coalesce(extract(epoch FROM now() - (
                           SELECT min(first.recorded_at) FROM unnest($2::text[]) t(stream_type), s,
                                  LATERAL (SELECT e.recorded_at FROM %1$s e
                                            WHERE e.stream_type = t.stream_type
                                              AND (e.transaction_id, e.global_position) > (s.tx, s.pos)
                                              AND ($3::text[] IS NULL OR e.event_type = ANY($3))
                                            ORDER BY e.transaction_id, e.global_position LIMIT 1) first)), 0)::float8 AS age
                """.formatted(options.log().table());
        Tuple args = Tuple.of(options.name()).addArrayOfString(options.streamTypes().toArray(String[]::new))
                // as stored: the older versions that are read as a delivered type count too
                .addArrayOfString(options.eventTypes().isEmpty() ? null
                        : upcasters.storedNamesOf(options.eventTypes()).toArray(String[]::new))
                .addInteger(CAP);
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.iterator().next());
    }

    private AtomicLong[] register(String subscription) {
        AtomicLong[] lag = { new AtomicLong(), new AtomicLong() };
        Gauge.builder("eventshop.subscription.lag", lag[0], AtomicLong::get)
                .description("Events the subscription has still to pass (of the stream and event types it delivers)")
                .tag("subscription", subscription).register(registry);
        Gauge.builder("eventshop.subscription.lag.age", lag[1], millis -> millis.get() / 1000.0)
                .description("Age of the oldest event the subscription has still to pass").baseUnit("seconds")
                .tag("subscription", subscription).register(registry);
        return lag;
    }
}
