package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

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
 * Ready only while every subscription this process runs keeps up: DOWN, naming the subscription and why, when one that
 * no operator paused has an undelivered event older than {@code eventshop.subscriptions.readiness-lag-age}, or when
 * one has had an event parked longer than {@code eventshop.subscriptions.readiness-parked-age}. A paused subscription
 * may lag (the operator chose it), but its parked events still count.
 */
@Readiness
@ApplicationScoped
public class SubscriptionReadiness implements AsyncHealthCheck {

    private static final String STATE = """
            SELECT s.name, s.paused,
                   (SELECT count(*) FROM eventstore.parked_events p
                     WHERE p.subscription = s.name AND p.status = 'PARKED') AS parked,
                   (SELECT min(p.parked_at) FROM eventstore.parked_events p
                     WHERE p.subscription = s.name AND p.status = 'PARKED') AS oldest_parked,
                   now() AS now
              FROM eventstore.subscriptions s WHERE s.name = ANY($1)""";

    private final Subscriptions subscriptions;
    private final SubscriptionLagMetrics lag;
    private final SubscriptionsConfig config;
    private final Pool pool;

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
        return pool.preparedQuery(STATE).execute(Tuple.of(names.toArray(String[]::new))).map(rows -> {
            boolean ready = true;
            for (Row row : rows) {
                String problem = problem(row);
                response.withData(row.getString("name"), problem == null ? describe(row) : problem);
                ready &= problem == null;
            }
            return response.status(ready).build();
        });
    }

    /** Why the subscription holds readiness DOWN, or null when it does not. */
    private String problem(Row row) {
        String name = row.getString("name");
        OffsetDateTime oldestParked = row.getOffsetDateTime("oldest_parked");
        if (oldestParked != null) {
            Duration parkedFor = Duration.between(oldestParked, row.getOffsetDateTime("now"));
            if (parkedFor.compareTo(config.readinessParkedAge()) > 0) {
                return "DOWN: " + row.getLong("parked") + " event(s) parked, the oldest for " + seconds(parkedFor)
                        + " (readiness-parked-age " + seconds(config.readinessParkedAge())
                        + "); replay or skip them at /admin/subscriptions/" + name + "/parked";
            }
        }
        if (!row.getBoolean("paused")) {
            Duration age = lag.lagAge(name).orElse(Duration.ZERO);
            if (age.compareTo(config.readinessLagAge()) > 0) {
                return "DOWN: its oldest undelivered event is " + seconds(age) + " old (readiness-lag-age "
                        + seconds(config.readinessLagAge()) + ") and no operator paused it: a handler is failing or "
                        + "hung, or it cannot keep up; see eventshop_subscription_* metrics and the log";
            }
        }
        return null;
    }

    private String describe(Row row) {
        String state = row.getBoolean("paused") ? "UP (paused by an operator)" : "UP";
        Duration age = lag.lagAge(row.getString("name")).orElse(Duration.ZERO);
        return state + ", oldest undelivered event " + seconds(age) + " old, " + row.getLong("parked") + " parked";
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
