package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The failure Marten, Axon, Eventuous and SQLStreamStore all shipped: a reader remembers "last position N" and
 * silently skips an event with a lower position whose transaction commits later. Here a transaction appends first
 * (lowest positions) and stays open for seconds while many writers with random transaction lengths, rollbacks and
 * conflicts commit around it; the subscriber must still see every committed event exactly once, each stream in order.
 */
@QuarkusTest
class GapFreeCatchUpTest {

    private static final int WRITERS = 8;
    private static final int TRANSACTIONS_PER_WRITER = 40;

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Pool pool;

    @Test
    void everyCommittedEventExactlyOnceAndEachStreamInOrderUnderConcurrentWriters() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.gapfree-" + run;
        ConcurrentLinkedQueue<RecordedEvent> seen = new ConcurrentLinkedQueue<>();
        SubscriptionWorker worker = subscriptions.start(
                subscriptions.defaults("gapfree-" + run, List.of(streamType)).withBatchSize(50),
                event -> {
                    seen.add(event);
                    return Uni.createFrom().voidItem();
                });
        try {
            CompletableFuture<Void> longTxAppended = new CompletableFuture<>();
            CompletableFuture<Void> longTx = store.inTransaction(tx -> tx.append(
                    new StreamAppend("long-" + run, streamType, ExpectedVersion.NO_STREAM, events(3)),
                    EventMetadata.start("test"))
                    .invoke(() -> longTxAppended.complete(null))
                    .chain(() -> tx.connection().query("SELECT pg_sleep(3)").execute()))
                    .replaceWithVoid().subscribeAsCompletionStage();
            longTxAppended.orTimeout(30, TimeUnit.SECONDS).join();

            Multi.createFrom().range(0, WRITERS)
                    .onItem().transformToUniAndMerge(writer -> Multi.createFrom().range(0, TRANSACTIONS_PER_WRITER)
                            .onItem().transformToUniAndConcatenate(i -> oneTransaction(run, streamType, writer, i))
                            .collect().last())
                    .collect().last().await().atMost(Duration.ofSeconds(120));
            longTx.orTimeout(30, TimeUnit.SECONDS).join();

            List<Row> committed = new ArrayList<>();
            pool.preparedQuery("SELECT event_id, global_position FROM eventstore.events WHERE stream_type = $1")
                    .execute(Tuple.of(streamType)).await().atMost(Duration.ofSeconds(30)).forEach(committed::add);
            Set<UUID> committedIds = new HashSet<>();
            committed.forEach(row -> committedIds.add(row.getUUID("event_id")));

            await().atMost(Duration.ofSeconds(60)).until(() -> seen.size() >= committedIds.size());

            List<UUID> seenIds = seen.stream().map(RecordedEvent::eventId).toList();
            assertThat(seenIds).doesNotHaveDuplicates();
            assertThat(new HashSet<>(seenIds)).isEqualTo(committedIds);
            assertThat(seenIds).hasSizeGreaterThan(WRITERS * TRANSACTIONS_PER_WRITER / 2);

            Map<String, Long> lastVersion = new HashMap<>();
            for (RecordedEvent event : seen) {
                long previous = lastVersion.getOrDefault(event.streamId(), 0L);
                assertThat(event.streamVersion()).as("version after %d in %s", previous, event.streamId())
                        .isEqualTo(previous + 1);
                lastVersion.put(event.streamId(), event.streamVersion());
            }
            // the held-open transaction's events sit below positions that committed before them
            long longTxMax = seen.stream().filter(e -> e.streamId().equals("long-" + run))
                    .mapToLong(RecordedEvent::globalPosition).max().orElseThrow();
            assertThat(seen.stream().filter(e -> !e.streamId().equals("long-" + run))
                    .mapToLong(RecordedEvent::globalPosition).max().orElseThrow()).isGreaterThan(longTxMax);
        } finally {
            worker.stop().await().atMost(Duration.ofSeconds(15));
        }
    }

    /**
     * Waiting for the horizon would make every subscriber as slow as the slowest transaction anywhere: an event that
     * has committed is delivered at once, while the checkpoint stays behind the transaction still running, and moves
     * past both once it commits.
     */
    @Test
    void aCommittedEventIsDeliveredWhileAnOlderTransactionRunsButTheCheckpointWaitsForIt() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.early-" + run;
        String subscription = "early-" + run;
        ConcurrentLinkedQueue<RecordedEvent> seen = new ConcurrentLinkedQueue<>();
        SubscriptionWorker worker = subscriptions.start(subscriptions.defaults(subscription, List.of(streamType)),
                event -> {
                    seen.add(event);
                    return Uni.createFrom().voidItem();
                });
        try {
            await().atMost(Duration.ofSeconds(30)).until(worker::isActive);
            CompletableFuture<Void> olderAppended = new CompletableFuture<>();
            CompletableFuture<Void> release = new CompletableFuture<>();
            CompletableFuture<Void> older = store.inTransaction(tx -> tx.append(
                    new StreamAppend("older-" + run, streamType, ExpectedVersion.NO_STREAM, events(1)),
                    EventMetadata.start("test"))
                    .invoke(() -> olderAppended.complete(null))
                    .chain(() -> Uni.createFrom().completionStage(release)))
                    .replaceWithVoid().subscribeAsCompletionStage();
            olderAppended.orTimeout(30, TimeUnit.SECONDS).join();

            store.inTransaction(tx -> tx.append(
                    new StreamAppend("newer-" + run, streamType, ExpectedVersion.NO_STREAM, events(1)),
                    EventMetadata.start("test"))).await().atMost(Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> seen.stream().anyMatch(e -> e.streamId().equals("newer-" + run)));
            assertThat(seen).noneMatch(e -> e.streamId().equals("older-" + run));
            // lease renewals store the checkpoint meanwhile: it must not pass the transaction still running
            long newerPosition = TestEffects.lastPosition(pool, streamType);
            await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                    .until(() -> TestEffects.checkpoint(pool, subscription) < newerPosition);

            release.complete(null);
            older.orTimeout(30, TimeUnit.SECONDS).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2
                    && TestEffects.checkpoint(pool, subscription) == newerPosition);
            assertThat(seen).extracting(RecordedEvent::streamId).containsExactly("newer-" + run, "older-" + run);
        } finally {
            worker.stop().await().atMost(Duration.ofSeconds(15));
        }
    }

    /** One short transaction: 1-3 events, a random pause inside, sometimes rolled back, sometimes on a shared stream. */
    private Uni<Void> oneTransaction(String run, String streamType, int writer, int i) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean shared = i % 5 == 0;
        String stream = shared ? "shared-" + run + "-" + (i % 3) : "w" + writer + "-" + run + "-" + (i % 4);
        boolean rollback = random.nextInt(10) == 0;
        double pause = random.nextInt(25) / 1000.0;
        List<NewEvent> events = events(1 + random.nextInt(3));
        return store.inTransaction(tx -> tx.append(new StreamAppend(stream, streamType, ExpectedVersion.ANY, events),
                EventMetadata.start("test"))
                .chain(() -> tx.connection().preparedQuery("SELECT pg_sleep($1)").execute(Tuple.of(pause)))
                .invoke(() -> {
                    if (rollback) {
                        throw new RolledBack();
                    }
                }))
                .onFailure(ConcurrencyConflictException.class).retry().atMost(20)
                .onFailure(RolledBack.class).recoverWithNull()
                .replaceWithVoid();
    }

    private static List<NewEvent> events(int count) {
        return IntStream.range(0, count).mapToObj(n -> NewEvent.of(new CounterIncremented("c", n))).toList();
    }

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("deliberate rollback", null, false, false);
        }
    }
}
