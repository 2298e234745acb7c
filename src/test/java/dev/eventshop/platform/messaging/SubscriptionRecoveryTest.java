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
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

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
        TestEffects.createTable(pool);
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
        first.set(subscriptions.start(options, event -> TestEffects.apply(inbox, name, event).invoke(applied -> {
            if (handledByFirst.incrementAndGet() == CRASH_AFTER) {
                first.get().abandon(); // the process dies: its effect is committed, its ack never happens
                throw new IllegalStateException("crashed");
            }
        }).replaceWithVoid(), "instance-first"));
        await().atMost(TIMEOUT).until(() -> handledByFirst.get() >= CRASH_AFTER);
        assertThat(TestEffects.count(pool, name)[0]).isEqualTo(CRASH_AFTER);

        AtomicInteger duplicates = new AtomicInteger();
        SubscriptionHandler counting = event -> TestEffects.apply(inbox, name, event).invoke(applied -> {
            if (!applied) {
                duplicates.incrementAndGet();
            }
        }).replaceWithVoid();
        SubscriptionWorker second = subscriptions.start(options, counting, "instance-second");
        try {
            await().atMost(TIMEOUT).until(() -> TestEffects.count(pool, name)[0] >= EVENTS);
            await().atMost(TIMEOUT).until(() -> TestEffects.caughtUp(pool, name, streamType));

            long[] counts = TestEffects.count(pool, name);
            assertThat(counts[0]).as("effects").isEqualTo(EVENTS);
            assertThat(counts[1]).as("distinct events with an effect").isEqualTo(EVENTS);
            assertThat(duplicates.get()).as("redelivered after the crash and recognised").isPositive();
            assertThat(handledByFirst.get()).isEqualTo(CRASH_AFTER);
        } finally {
            second.stop().await().atMost(TIMEOUT);
        }
    }
}
