package dev.eventshop.platform.messaging;

import java.time.Duration;

import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A subscriber's effect for the subscription tests: one row per applied event in a table deliberately without a
 * unique key, so only the inbox stands between a redelivery and a doubled effect. Also reads back checkpoints.
 */
final class TestEffects {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TestEffects() {
    }

    static void createTable(Pool pool) {
        pool.query("CREATE TABLE IF NOT EXISTS public.test_effects"
                + " (subscription text NOT NULL, event_id uuid NOT NULL)").execute().await().atMost(TIMEOUT);
    }

    /** Applies the effect once per event and subscription; true when it ran, false for a duplicate. */
    static Uni<Boolean> apply(Inbox inbox, String subscription, RecordedEvent event) {
        return inbox.once(subscription, event, tx -> tx.connection()
                .preparedQuery("INSERT INTO public.test_effects (subscription, event_id) VALUES ($1, $2)")
                .execute(Tuple.of(subscription, event.eventId())));
    }

    /** {total effects, distinct events with an effect} */
    static long[] count(Pool pool, String subscription) {
        Row row = pool.preparedQuery(
                "SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_events FROM public.test_effects"
                        + " WHERE subscription = $1")
                .execute(Tuple.of(subscription)).await().atMost(TIMEOUT).iterator().next();
        return new long[] { row.getLong("total"), row.getLong("distinct_events") };
    }

    static long checkpoint(Pool pool, String subscription) {
        return pool.preparedQuery("SELECT last_position FROM eventstore.subscriptions WHERE name = $1")
                .execute(Tuple.of(subscription)).await().atMost(TIMEOUT).iterator().next().getLong("last_position");
    }

    /** Whether the subscription's stored checkpoint has reached the last event of the stream type. */
    static boolean caughtUp(Pool pool, String subscription, String streamType) {
        return checkpoint(pool, subscription) == lastPosition(pool, streamType);
    }

    static long lastPosition(Pool pool, String streamType) {
        return pool.preparedQuery("SELECT max(global_position) AS p FROM eventstore.events WHERE stream_type = $1")
                .execute(Tuple.of(streamType)).await().atMost(TIMEOUT).iterator().next().getLong("p");
    }
}
