package dev.eventshop.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.TestEvents.Counter;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import dev.eventshop.platform.eventstore.TestEvents.CounterReset;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class EventStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String TYPE = "test.counter";

    @Inject
    EventStore store;

    @Inject
    Pool pool;

    @Test
    void appendsAndReadsAStreamWithTypeNamesAndMetadata() {
        String stream = "counter-" + UUID.randomUUID();
        EventMetadata metadata = EventMetadata.start("test");

        AppendResult first = store.append(new StreamAppend(stream, TYPE, ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of(new CounterIncremented("c", 2)), NewEvent.of(new CounterIncremented("c", 3)))),
                metadata).await().atMost(TIMEOUT);
        AppendResult second = store.append(new StreamAppend(stream, TYPE, 2,
                List.of(NewEvent.of(new CounterReset("c")))), metadata).await().atMost(TIMEOUT);

        assertThat(first.streamVersion()).isEqualTo(2);
        assertThat(first.lastPosition()).isEqualTo(first.firstPosition() + 1);
        assertThat(second.streamVersion()).isEqualTo(3);
        assertThat(second.firstPosition()).isGreaterThan(first.lastPosition());

        List<RecordedEvent> events = store.readStream(stream).await().atMost(TIMEOUT);
        assertThat(events).extracting(RecordedEvent::streamVersion).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(RecordedEvent::type)
                .containsExactly("test.CounterIncremented.v1", "test.CounterIncremented.v1", "test.CounterReset.v1");
        RecordedEvent event = events.get(0);
        assertThat(event.streamType()).isEqualTo(TYPE);
        assertThat(event.payload()).isEqualTo("{\"by\": 2, \"counter\": \"c\"}");
        assertThat(event.metadata().correlationId()).isEqualTo(metadata.correlationId());
        assertThat(event.metadata().module()).isEqualTo("test");
        assertThat(event.metadata().occurredAt()).isNotNull();
        assertThat(event.transactionId()).isPositive();
        assertThat(store.readStream(stream, 2).await().atMost(TIMEOUT)).hasSize(1);
    }

    @Test
    void rebuildsAnAggregateFromItsStream() {
        String stream = "counter-" + UUID.randomUUID();
        store.append(new StreamAppend(stream, TYPE, ExpectedVersion.NO_STREAM, List.of(
                NewEvent.of(new CounterIncremented("c", 5)), NewEvent.of(new CounterReset("c")),
                NewEvent.of(new CounterIncremented("c", 7)))), EventMetadata.start("test")).await().atMost(TIMEOUT);

        Loaded<Counter> loaded = store.load(stream, Counter.EMPTY, TestEvents.COUNTER_EVENTS, Counter::apply)
                .await().atMost(TIMEOUT);

        assertThat(loaded.state()).isEqualTo(new Counter(7, 1));
        assertThat(loaded.version()).isEqualTo(3);
        assertThat(store.load("missing-" + UUID.randomUUID(), Counter.EMPTY, TestEvents.COUNTER_EVENTS,
                Counter::apply).await().atMost(TIMEOUT).exists()).isFalse();
    }

    @Test
    void refusesAnAppendAtAStaleOrFutureVersion() {
        String stream = "counter-" + UUID.randomUUID();
        append(stream, ExpectedVersion.NO_STREAM).await().atMost(TIMEOUT);

        assertThatThrownBy(() -> append(stream, ExpectedVersion.NO_STREAM).await().atMost(TIMEOUT))
                .isInstanceOfSatisfying(ConcurrencyConflictException.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(stream);
                    assertThat(conflict.actualVersion()).isEqualTo(1L);
                });
        // expecting a version the stream has not reached must not leave a hole in it
        assertThatThrownBy(() -> append(stream, 5).await().atMost(TIMEOUT))
                .isInstanceOf(ConcurrencyConflictException.class);
        assertThat(store.readStream(stream).await().atMost(TIMEOUT)).hasSize(1);
    }

    @Test
    void concurrentAppendsToOneStreamHaveExactlyOneWinnerPerVersion() {
        String stream = "counter-" + UUID.randomUUID();
        int writers = 16;
        for (long version = 0; version < 10; version++) {
            AtomicInteger winners = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            List<Uni<Void>> attempts = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                attempts.add(append(stream, version)
                        .onItemOrFailure().transform((result, failure) -> {
                            if (failure == null) {
                                winners.incrementAndGet();
                            } else if (failure instanceof ConcurrencyConflictException) {
                                conflicts.incrementAndGet();
                            } else {
                                throw new AssertionError("unexpected failure", failure);
                            }
                            return null;
                        }));
            }
            Uni.join().all(attempts).andFailFast().await().atMost(TIMEOUT);

            assertThat(winners).as("winners at version %d", version).hasValue(1);
            assertThat(conflicts).as("conflicts at version %d", version).hasValue(writers - 1);
        }
        assertThat(store.readStream(stream).await().atMost(TIMEOUT)).extracting(RecordedEvent::streamVersion)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void neverAppendsOnTopOfAnEventFromANewerTransaction() {
        // readers order by transaction id: version 2 from an older transaction than version 1 would be read first
        String stream = "counter-" + UUID.randomUUID();
        java.util.concurrent.CompletableFuture<Void> olderHasItsId = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<Void> newerCommitted = new java.util.concurrent.CompletableFuture<>();
        Uni<AppendResult> older = store.inTransaction(tx -> tx.connection().query("SELECT pg_current_xact_id()")
                .execute()
                .invoke(() -> olderHasItsId.complete(null))
                .chain(() -> Uni.createFrom().completionStage(newerCommitted))
                .chain(() -> tx.append(new StreamAppend(stream, TYPE, 1,
                        List.of(NewEvent.of(new CounterIncremented("c", 2)))), EventMetadata.start("test"))));
        java.util.concurrent.CompletableFuture<AppendResult> olderResult = older.subscribeAsCompletionStage();
        olderHasItsId.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        append(stream, ExpectedVersion.NO_STREAM).await().atMost(TIMEOUT);
        newerCommitted.complete(null);

        assertThatThrownBy(() -> olderResult.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(ConcurrencyConflictException.class);
        // the same append in a new transaction goes through
        store.append(new StreamAppend(stream, TYPE, 1, List.of(NewEvent.of(new CounterIncremented("c", 2)))),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        List<RecordedEvent> events = store.readStream(stream).await().atMost(TIMEOUT);
        assertThat(events.get(1).transactionId()).isGreaterThan(events.get(0).transactionId());
    }

    @Test
    void appendsToSeveralStreamsAllOrNothing() {
        String a = "counter-" + UUID.randomUUID();
        String b = "counter-" + UUID.randomUUID();
        append(b, ExpectedVersion.NO_STREAM).await().atMost(TIMEOUT);

        assertThatThrownBy(() -> store.append(List.of(
                new StreamAppend(a, TYPE, ExpectedVersion.NO_STREAM, List.of(NewEvent.of(new CounterReset("a")))),
                new StreamAppend(b, TYPE, ExpectedVersion.NO_STREAM, List.of(NewEvent.of(new CounterReset("b"))))),
                EventMetadata.start("test")).await().atMost(TIMEOUT))
                .isInstanceOf(ConcurrencyConflictException.class);
        assertThat(store.readStream(a).await().atMost(TIMEOUT)).isEmpty();

        List<AppendResult> results = store.append(List.of(
                new StreamAppend(a, TYPE, ExpectedVersion.NO_STREAM, List.of(NewEvent.of(new CounterReset("a")))),
                new StreamAppend(b, TYPE, 1, List.of(NewEvent.of(new CounterReset("b"))))),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        assertThat(results).extracting(AppendResult::streamVersion).containsExactly(1L, 2L);
    }

    @Test
    void refusesEventsWithoutAnExplicitTypeName() {
        record Unnamed(String value) {
        }
        assertThatThrownBy(() -> store.append(new StreamAppend("x-" + UUID.randomUUID(), TYPE, ExpectedVersion.ANY,
                List.of(NewEvent.of(new Unnamed("v")))), EventMetadata.start("test")).await().atMost(TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@EventType");
    }

    @Test
    void writersOfOneKafkaPartitionTakeTurnsAndDrawTheirTransactionIdAfterTheirTurn() throws Exception {
        // readers order the received log by transaction id: a batch of a partition's later offsets inserted by its
        // new owner must not get an older transaction id than the batch its old owner is still inserting
        String topic = "turns-" + UUID.randomUUID();
        int partitionKey = EventStore.receiveLockKey(topic, 0);
        CompletableFuture<Void> oldOwnerHasTheLock = new CompletableFuture<>();
        CompletableFuture<Void> oldOwnerGoesOn = new CompletableFuture<>();
        CompletableFuture<Long> oldOwner = store.inTransaction(tx -> tx.connection()
                .preparedQuery("SELECT pg_advisory_xact_lock($1, $2)")
                .execute(Tuple.of(EventStore.RECEIVE_LOCK_SPACE, partitionKey))
                .invoke(() -> oldOwnerHasTheLock.complete(null))
                .chain(() -> Uni.createFrom().completionStage(oldOwnerGoesOn))
                // its transaction id drawn only while the new owner waits: a new owner that drew its own before
                // waiting would hold the older one
                .chain(() -> tx.connection().query("SELECT pg_current_xact_id()::text::bigint AS xid").execute())
                .map(rows -> rows.iterator().next().getLong("xid"))).subscribeAsCompletionStage();
        oldOwnerHasTheLock.orTimeout(30, TimeUnit.SECONDS).join();

        RecordedEvent waiting = received();
        CompletableFuture<Integer> newOwner = store.receive(List.of(new ReceivedEvent(waiting, topic, 0, 7)))
                .subscribeAsCompletionStage();
        await().atMost(TIMEOUT).until(() -> pool.preparedQuery("""
                SELECT count(*) AS n FROM pg_locks
                 WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database
                                                                           WHERE datname = current_database())
                   AND classid::bigint = $1 AND objid::bigint = $2""")
                .execute(Tuple.of((long) EventStore.RECEIVE_LOCK_SPACE, Integer.toUnsignedLong(partitionKey)))
                .await().atMost(TIMEOUT).iterator().next().getLong("n") > 0);
        // another partition does not wait (quickly: the waiting statement gives up after lock_timeout)
        assertThat(store.receive(List.of(new ReceivedEvent(received(), topic, 1, 0))).await().atMost(TIMEOUT))
                .isEqualTo(1);
        assertThat(newOwner).isNotDone();
        assertThat(receivedTransactionId(waiting.eventId())).isNull();

        oldOwnerGoesOn.complete(null);
        long olderXid = oldOwner.get(30, TimeUnit.SECONDS);
        assertThat(newOwner.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(receivedTransactionId(waiting.eventId())).isGreaterThan(olderXid);
    }

    private static RecordedEvent received() {
        return new RecordedEvent(UUID.randomUUID(), "counter-" + UUID.randomUUID(), TYPE, 1,
                "test.CounterIncremented.v1", "{\"by\": 1, \"counter\": \"c\"}", EventMetadata.start("test"), 0, 0,
                Instant.now(), new RecordedEvent.Origin(UUID.randomUUID(), new Cursor(1, 1)));
    }

    private Long receivedTransactionId(UUID eventId) {
        var rows = pool.preparedQuery("""
                SELECT transaction_id::text::bigint AS tx FROM eventstore.received_events WHERE event_id = $1""")
                .execute(Tuple.of(eventId)).await().atMost(TIMEOUT);
        return rows.rowCount() == 0 ? null : rows.iterator().next().getLong("tx");
    }

    private Uni<AppendResult> append(String stream, long expectedVersion) {
        return store.append(new StreamAppend(stream, TYPE, expectedVersion,
                List.of(NewEvent.of(new CounterIncremented("c", 1)))), EventMetadata.start("test"));
    }
}
