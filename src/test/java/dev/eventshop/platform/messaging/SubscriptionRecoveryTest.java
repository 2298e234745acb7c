package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A subscriber dies in the middle of a batch, after committing some effects it never acknowledged. The next owner
 * resumes from the stored checkpoint, which trails those effects; the inbox recognises what was already applied.
 */
@QuarkusTest
class SubscriptionRecoveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int EVENTS = 200;
    private static final int CRASH_AFTER = 120;

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    @BeforeEach
    void effectsTable() {
        // deliberately without a unique key: only the inbox stands between a redelivery and a doubled effect
        pool.query("CREATE TABLE IF NOT EXISTS public.test_effects (subscription text NOT NULL, event_id uuid NOT NULL)")
                .execute().await().atMost(TIMEOUT);
    }

    @Test
    void resumesFromItsCheckpointWithNoLostOrRepeatedEffect() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.recovery-" + run;
        String name = "recovery-" + run;
        for (int stream = 0; stream < EVENTS / 10; stream++) {
            store.append(new StreamAppend("r-" + run + "-" + stream, streamType, ExpectedVersion.NO_STREAM,
                    IntStream.range(0, 10).mapToObj(i -> NewEvent.of(new CounterIncremented("c", i))).toList()),
                    EventMetadata.start("test")).await().atMost(TIMEOUT);
        }
        SubscriptionOptions options = subscriptions.defaults(name, List.of(streamType)).withBatchSize(50);

        AtomicInteger handledByFirst = new AtomicInteger();
        AtomicReference<SubscriptionWorker> first = new AtomicReference<>();
        first.set(subscriptions.start(options, event -> applyEffect(name, event).invoke(applied -> {
            if (handledByFirst.incrementAndGet() == CRASH_AFTER) {
                first.get().abandon(); // the process dies: its effect is committed, its ack never happens
                throw new IllegalStateException("crashed");
            }
        }).replaceWithVoid(), "instance-first"));
        await().atMost(TIMEOUT).until(() -> handledByFirst.get() >= CRASH_AFTER);
        assertThat(effects(name)[0]).isEqualTo(CRASH_AFTER);

        AtomicInteger duplicates = new AtomicInteger();
        SubscriptionWorker second = subscriptions.start(options, event -> applyEffect(name, event).invoke(applied -> {
            if (!applied) {
                duplicates.incrementAndGet();
            }
        }).replaceWithVoid(), "instance-second");
        try {
            await().atMost(TIMEOUT).until(() -> effects(name)[0] >= EVENTS);
            await().atMost(TIMEOUT).until(() -> checkpoint(name) == lastPosition(streamType));

            long[] counts = effects(name);
            assertThat(counts[0]).as("effects").isEqualTo(EVENTS);
            assertThat(counts[1]).as("distinct events with an effect").isEqualTo(EVENTS);
            assertThat(duplicates.get()).as("redelivered after the crash and recognised").isPositive();
            assertThat(handledByFirst.get()).isEqualTo(CRASH_AFTER);
        } finally {
            second.stop().await().atMost(TIMEOUT);
        }
    }

    private Uni<Boolean> applyEffect(String name, RecordedEvent event) {
        return inbox.once(name, event, tx -> tx.connection()
                .preparedQuery("INSERT INTO public.test_effects (subscription, event_id) VALUES ($1, $2)")
                .execute(Tuple.of(name, event.eventId())));
    }

    private long[] effects(String name) {
        Row row = pool.preparedQuery(
                "SELECT count(*) AS total, count(DISTINCT event_id) AS distinct_events FROM public.test_effects WHERE subscription = $1")
                .execute(Tuple.of(name)).await().atMost(TIMEOUT).iterator().next();
        return new long[] { row.getLong("total"), row.getLong("distinct_events") };
    }

    private long checkpoint(String name) {
        return pool.preparedQuery("SELECT last_position FROM eventstore.subscriptions WHERE name = $1")
                .execute(Tuple.of(name)).await().atMost(TIMEOUT).iterator().next().getLong("last_position");
    }

    private long lastPosition(String streamType) {
        return pool.preparedQuery("SELECT max(global_position) AS p FROM eventstore.events WHERE stream_type = $1")
                .execute(Tuple.of(streamType)).await().atMost(TIMEOUT).iterator().next().getLong("p");
    }
}
