package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Checkpoint writes: they never move a checkpoint back, and a wake-up from another instance's append is no reason
 * to write one (only an operator's change is).
 */
@QuarkusTest
class CheckpointWritesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    SubscriptionRepository repository;

    @Inject
    Subscriptions subscriptions;

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Test
    void aCheckpointNeverMovesBack() {
        String name = "monotonic-" + UUID.randomUUID().toString().substring(0, 8);
        repository.ensureExists(name).await().atMost(TIMEOUT);
        repository.acquire(name, "me", Duration.ofSeconds(30)).await().atMost(TIMEOUT);

        repository.checkpoint(name, "me", new Cursor(100, 900), Duration.ofSeconds(30)).await().atMost(TIMEOUT);
        // a stale save (a timer that read the cursor before the last save) arrives late
        var answer = repository.checkpoint(name, "me", new Cursor(100, 800), Duration.ofSeconds(30))
                .await().atMost(TIMEOUT);

        assertThat(answer).hasValueSatisfying(lease -> assertThat(lease.cursor()).isEqualTo(new Cursor(100, 900)));
        assertThat(TestEffects.checkpoint(pool, name)).isEqualTo(900);
    }

    @Test
    void wakeUpsFromAnotherInstanceWriteNoCheckpoint() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "quiet-" + run;
        String streamType = "test.quiet-" + run;
        // the lease timer writes too: keep it out of the count
        SubscriptionOptions defaults = subscriptions.defaults(name, List.of(streamType));
        SubscriptionOptions options = new SubscriptionOptions(name, defaults.streamTypes(), defaults.batchSize(),
                defaults.maxAttempts(), defaults.initialBackoff(), defaults.maxBackoff(), Duration.ofMinutes(2),
                Duration.ofMinutes(1), defaults.pollInterval(), defaults.concurrency(), defaults.eventTypes(),
                defaults.handlerTimeout(), defaults.log(), defaults.readTypes());
        SubscriptionWorker worker = subscriptions.start(options, event -> io.smallrye.mutiny.Uni.createFrom().voidItem());
        try {
            await().atMost(TIMEOUT).until(worker::isActive);
            long before = rowVersion(name);
            for (int i = 0; i < 100; i++) {
                pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(AppendSignals.CHANNEL, "other-instance"))
                        .await().atMost(TIMEOUT);
            }
            // an event after the wake-ups: once it is delivered, the wake-ups before it were handled
            store.append(new StreamAppend("q-" + run, streamType, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of(new CounterIncremented("c", 1)))), EventMetadata.start("test"))
                    .await().atMost(TIMEOUT);
            await().atMost(TIMEOUT).until(() -> TestEffects.caughtUp(pool, name, streamType));

            assertThat(rowVersion(name) - before).as("checkpoint writes for 100 remote wake-ups and one event")
                    .isLessThanOrEqualTo(3);
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    /** How many times the subscription's row was written, counted by a trigger of this test's. */
    private long rowVersion(String name) {
        return pool.preparedQuery("SELECT count(*) AS n FROM public.test_subscription_writes WHERE name = $1")
                .execute(Tuple.of(name)).await().atMost(TIMEOUT).iterator().next().getLong("n");
    }

    @org.junit.jupiter.api.BeforeEach
    void countWrites() {
        pool.query("""
                CREATE TABLE IF NOT EXISTS public.test_subscription_writes (name text NOT NULL);
                CREATE OR REPLACE FUNCTION public.test_count_subscription_write() RETURNS trigger AS $$
                BEGIN
                    IF NEW.name LIKE 'quiet-%' THEN
                        INSERT INTO public.test_subscription_writes (name) VALUES (NEW.name);
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql;
                CREATE OR REPLACE TRIGGER test_count_subscription_write AFTER UPDATE ON eventstore.subscriptions
                    FOR EACH ROW EXECUTE FUNCTION public.test_count_subscription_write();""")
                .execute().await().atMost(TIMEOUT);
    }
}
