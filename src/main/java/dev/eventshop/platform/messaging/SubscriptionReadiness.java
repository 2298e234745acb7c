package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Ready only while every subscription whose lease this instance holds keeps going: DOWN, naming the subscription and
 * why, when one that no operator paused is stalled — it has an undelivered event older than {@code
 * eventshop.subscriptions.readiness-lag-age} and its checkpoint has not moved for as long (a hung handler, a retrying
 * stream, a broker out of reach for a relay; a subscription catching up on history moves and stays UP) — or when it
 * has had an event parked (or waiting for its replay) longer than {@code readiness-parked-age}. A threshold of 0
 * turns its rule off. Only the lease holder reports DOWN, since only it delivers: the other instances stay in
 * service (and serve the admin API that fixes it).
 */
@Readiness
@ApplicationScoped
public class SubscriptionReadiness implements AsyncHealthCheck {

    private static final String STATE = """
            SELECT s.name, s.paused, s.owner, s.last_transaction_id::text::bigint AS tx, s.last_position,
                   coalesce(s.owner = $2 AND s.lease_expires_at > now(), false) AS held,
                   (SELECT count(*) FROM eventstore.parked_events p
                     WHERE p.subscription = s.name AND p.status IN ('PARKED', 'REPLAY_REQUESTED')) AS parked,
                   (SELECT min(p.parked_at) FROM eventstore.parked_events p
                     WHERE p.subscription = s.name AND p.status IN ('PARKED', 'REPLAY_REQUESTED')) AS oldest_parked,
                   now() AS now
              FROM eventstore.subscriptions s WHERE s.name = ANY($1)""";

    /** Where a subscription's checkpoint was when last seen, and since when it has been there. */
    private record Checkpoint(long transaction, long position, Instant since) {
    }

    private final Subscriptions subscriptions;
    private final SubscriptionLagMetrics lag;
    private final SubscriptionsConfig config;
    private final Pool pool;
    private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();

    public SubscriptionReadiness(Subscriptions subscriptions, SubscriptionLagMetrics lag, SubscriptionsConfig config,
            Pool pool) {
        this.subscriptions = subscriptions;
        this.lag = lag;
        this.config = config;
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<String> names = subscriptions.running().stream().map(SubscriptionOptions::name).toList();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("subscriptions");
        if (names.isEmpty()) {
            return Uni.createFrom().item(response.up().build());
        }
        return pool.preparedQuery(STATE).execute(Tuple.of(names.toArray(String[]::new), subscriptions.instanceId()))
                .map(rows -> {
                    boolean ready = true;
                    for (Row row : rows) {
                        String problem = problem(row);
                        response.withData(row.getString("name"), problem == null ? describe(row) : problem);
                        ready &= problem == null;
                    }
                    return response.status(ready).build();
                });
    }

    /** Why the subscription holds this instance's readiness DOWN, or null when it does not. */
    private String problem(Row row) {
        String name = row.getString("name");
        Instant now = row.getOffsetDateTime("now").toInstant();
        Checkpoint checkpoint = checkpoints.compute(name, (ignored, seen) -> {
            long tx = row.getLong("tx");
            long position = row.getLong("last_position");
            return seen != null && seen.transaction() == tx && seen.position() == position ? seen
                    : new Checkpoint(tx, position, now);
        });
        if (!row.getBoolean("held")) {
            return null; // the lease holder reports it; this instance does not deliver it
        }
        OffsetDateTime oldestParked = row.getOffsetDateTime("oldest_parked");
        if (oldestParked != null && !config.readinessParkedAge().isZero()) {
            Duration parkedFor = Duration.between(oldestParked.toInstant(), now);
            if (parkedFor.compareTo(config.readinessParkedAge()) > 0) {
                return "DOWN: " + row.getLong("parked") + " event(s) parked, the oldest for " + seconds(parkedFor)
                        + " (readiness-parked-age " + seconds(config.readinessParkedAge())
                        + "); replay or skip them at /admin/subscriptions/" + name + "/parked";
            }
        }
        if (!row.getBoolean("paused") && !config.readinessLagAge().isZero()) {
            Duration age = lag.lagAge(name).orElse(Duration.ZERO);
            Duration still = Duration.between(checkpoint.since(), now);
            if (age.compareTo(config.readinessLagAge()) > 0 && still.compareTo(config.readinessLagAge()) > 0) {
                return "DOWN: its oldest undelivered event is " + seconds(age) + " old and its checkpoint has not "
                        + "moved for " + seconds(still) + " (readiness-lag-age " + seconds(config.readinessLagAge())
                        + "), and no operator paused it: a handler is failing or hung, or a relay's broker is out of "
                        + "reach; see the eventshop_subscription_* metrics and the WARN lines";
            }
        }
        return null;
    }

    private String describe(Row row) {
        String state = row.getBoolean("paused") ? "UP (paused by an operator)" : "UP";
        if (!row.getBoolean("held")) {
            state += " (delivered by " + row.getString("owner") + ")";
        }
        Duration age = lag.lagAge(row.getString("name")).orElse(Duration.ZERO);
        return state + ", oldest undelivered event " + seconds(age) + " old, " + row.getLong("parked") + " parked";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
