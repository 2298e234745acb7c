package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
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
import dev.eventshop.platform.eventstore.TestEvents.CounterReset;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A subscription with several lanes handles events of different streams at once, yet each stream's events one after
 * the other and in order; a crash in the middle loses and doubles nothing; events of types it does not deliver are
 * passed over without holding its checkpoint back.
 */
@QuarkusTest
class SubscriptionLanesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int STREAMS = 40;
    private static final int PER_STREAM = 10;
    private static final int LANES = 4;

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @BeforeEach
    void effectsTable() {
        TestEffects.createTable(pool);
    }

    @Test
    void handlesStreamsAtOnceButEachStreamInOrder() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.lanes-" + run;
        appendStreams(run, streamType);

        Map<String, List<Long>> delivered = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inFlightPerStream = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger sameStreamOverlaps = new AtomicInteger();
        SubscriptionWorker worker = subscriptions.start(
                subscriptions.defaults("lanes-" + run, List.of(streamType)).withBatchSize(100).withConcurrency(LANES),
                event -> {
                    if (inFlightPerStream.computeIfAbsent(event.streamId(), id -> new AtomicInteger())
                            .incrementAndGet() > 1) {
                        sameStreamOverlaps.incrementAndGet();
                    }
                    mostAtOnce.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    // finish a little later, on a timer, as a handler waiting for the database would
                    return Uni.createFrom().<Void>emitter(done -> vertx.setTimer(
                            1 + ThreadLocalRandom.current().nextInt(3), id -> {
                                delivered.computeIfAbsent(event.streamId(), s -> new CopyOnWriteArrayList<>())
                                        .add(event.streamVersion());
                                inFlight.decrementAndGet();
                                inFlightPerStream.get(event.streamId()).decrementAndGet();
                                done.complete(null);
                            }));
                });
        try {
            await().atMost(TIMEOUT)
                    .until(() -> delivered.values().stream().mapToInt(List::size).sum() == STREAMS * PER_STREAM);
            await().atMost(TIMEOUT).until(() -> TestEffects.caughtUp(pool, "lanes-" + run, streamType));
            List<Long> inOrder = IntStream.rangeClosed(1, PER_STREAM).mapToObj(v -> (long) v).toList();
            assertThat(delivered).hasSize(STREAMS);
            delivered.forEach((stream, versions) -> assertThat(versions).as(stream).isEqualTo(inOrder));
            assertThat(sameStreamOverlaps.get()).as("events of one stream handled at the same time").isZero();
            assertThat(mostAtOnce.get()).as("events handled at the same time")
                    .isGreaterThan(1).isLessThanOrEqualTo(LANES);
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void aCrashWithSeveralLanesInFlightLosesAndDoublesNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.lanes-crash-" + run;
        String name = "lanes-crash-" + run;
        appendStreams(run, streamType);
        SubscriptionOptions options = subscriptions.defaults(name, List.of(streamType)).withBatchSize(50)
                .withConcurrency(LANES);

        AtomicInteger handledByFirst = new AtomicInteger();
        AtomicReference<SubscriptionWorker> first = new AtomicReference<>();
        first.set(subscriptions.start(options, event -> TestEffects.apply(inbox, name, event).invoke(applied -> {
            if (handledByFirst.incrementAndGet() == 150) {
                first.get().abandon(); // dies with other lanes' events in flight
                throw new IllegalStateException("crashed");
            }
        }).replaceWithVoid(), "instance-first"));
        await().atMost(TIMEOUT).until(() -> handledByFirst.get() >= 150);

        AtomicInteger duplicates = new AtomicInteger();
        SubscriptionHandler counting = event -> TestEffects.apply(inbox, name, event).invoke(applied -> {
            if (!applied) {
                duplicates.incrementAndGet();
            }
        }).replaceWithVoid();
        SubscriptionWorker second = subscriptions.start(options, counting, "instance-second");
        try {
            await().atMost(TIMEOUT).until(() -> TestEffects.count(pool, name)[0] >= STREAMS * PER_STREAM);
            await().atMost(TIMEOUT).until(() -> TestEffects.caughtUp(pool, name, streamType));
            long[] counts = TestEffects.count(pool, name);
            assertThat(counts[0]).as("effects").isEqualTo(STREAMS * PER_STREAM);
            assertThat(counts[1]).as("distinct events with an effect").isEqualTo(STREAMS * PER_STREAM);
            assertThat(duplicates.get()).as("redelivered after the crash and recognised").isPositive();
        } finally {
            second.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void passesOverEventTypesItDoesNotDeliver() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.lanes-types-" + run;
        for (int stream = 0; stream < 5; stream++) {
            store.append(new StreamAppend("t-" + run + "-" + stream, streamType, ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of(new CounterIncremented("c", 1)), NewEvent.of(new CounterReset("c")),
                    NewEvent.of(new CounterIncremented("c", 2)), NewEvent.of(new CounterReset("c")))),
                    EventMetadata.start("test")).await().atMost(TIMEOUT);
        }
        List<String> types = new CopyOnWriteArrayList<>();
        SubscriptionOptions resetsOnly = subscriptions.defaults("lanes-types-" + run, List.of(streamType))
                .withConcurrency(LANES).withEventTypes(Set.of("test.CounterReset.v1"));
        SubscriptionWorker worker = subscriptions.start(resetsOnly,
                event -> {
                    types.add(event.type());
                    return Uni.createFrom().voidItem();
                });
        try {
            // the last event of the log is a reset, so the checkpoint can only get there past every increment
            await().atMost(TIMEOUT).until(() -> TestEffects.caughtUp(pool, "lanes-types-" + run, streamType));
            assertThat(types).hasSize(10).containsOnly("test.CounterReset.v1");
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    private void appendStreams(String run, String streamType) {
        for (int stream = 0; stream < STREAMS; stream++) {
            store.append(new StreamAppend("l-" + run + "-" + stream, streamType, ExpectedVersion.NO_STREAM,
                    IntStream.range(0, PER_STREAM).mapToObj(i -> NewEvent.of(new CounterIncremented("c", i))).toList()),
                    EventMetadata.start("test")).await().atMost(TIMEOUT);
        }
    }
}
