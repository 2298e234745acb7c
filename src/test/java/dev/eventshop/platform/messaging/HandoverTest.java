package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventLog;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.ReceivedEvent;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A channel flipped to Kafka inside one database: its received path passes over what the events path handled (at or
 * below the events-log checkpoint) and delivers the rest, and while it runs it moves that checkpoint up to the first
 * event it has not passed — not yet received, or parked — so the events path, flipped back, resumes exactly there.
 * Events of another store are all delivered. (Received events are written here as the Kafka receiver writes them.)
 */
@QuarkusTest
class HandoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    EventCodec codec;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();

    private final SubscriptionHandler handler = event -> {
        Work work = codec.decode(event, Work.class);
        if (poisoned.contains(work.label())) {
            return Uni.createFrom().failure(new IllegalStateException("cannot process " + work.label()));
        }
        applied.add(work.label());
        return Uni.createFrom().voidItem();
    };

    @Test
    void theReceivedPathTakesOverAtTheEventsCheckpointAndHandsBackWhereItGotTo() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String channel = "handover-" + run;
        String type = "test.handover-" + run;
        RecordedEvent a1 = append(type, "a-" + run, ExpectedVersion.NO_STREAM, "a1");
        RecordedEvent a2 = append(type, "a-" + run, 1, "a2");
        RecordedEvent a3 = append(type, "a-" + run, 2, "a3");
        RecordedEvent b1 = append(type, "b-" + run, ExpectedVersion.NO_STREAM, "b1");
        // the events path handled a1 and a2 before the flip
        setCheckpoint(channel, a2.cursor());
        UUID here = store.storeId().await().atMost(TIMEOUT);
        receive(here, a1, a2, a3, b1);

        SubscriptionOptions options = subscriptions.defaults(channel + EventStoreConnector.KAFKA_PATH, List.of(type))
                .withLog(EventLog.RECEIVED).withMaxAttempts(1);
        Handover handover = new Handover(channel, options, true, Set.of(), pool, vertx);
        handover.otherPathFree().await().atMost(TIMEOUT);
        SubscriptionWorker worker = subscriptions.start(options, handover.around(handler));
        try {
            await().atMost(TIMEOUT).until(() -> applied.size() >= 2);
            assertThat(applied).as("what the events path handled is passed over").containsExactly("a3", "b1");

            await().atMost(TIMEOUT).untilAsserted(() -> {
                handover.advance().await().atMost(TIMEOUT);
                assertThat(checkpoint(channel)).isGreaterThanOrEqualTo(b1.cursor());
            });

            // appended but not yet received: the mark stays below it
            RecordedEvent a4 = append(type, "a-" + run, 3, "a4");
            handover.advance().await().atMost(TIMEOUT);
            assertThat(checkpoint(channel)).isGreaterThanOrEqualTo(b1.cursor()).isLessThan(a4.cursor());
            // received, and parked on the received path: still not handled
            poisoned.add("a4");
            receive(here, a4);
            await().atMost(TIMEOUT).until(() -> parkedCount(options.name()) == 1);
            RecordedEvent b2 = append(type, "b-" + run, 1, "b2");
            receive(here, b2);
            await().atMost(TIMEOUT).until(() -> applied.contains("b2"));
            await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).untilAsserted(() -> {
                handover.advance().await().atMost(TIMEOUT);
                assertThat(checkpoint(channel)).as("the events path would resume at the parked a4")
                        .isGreaterThanOrEqualTo(b1.cursor()).isLessThan(a4.cursor());
            });

            // an event of another store at a position this store's mark covers is delivered all the same
            RecordedEvent foreign = new RecordedEvent(UUID.randomUUID(), "c-" + run, type, 1, codec.typeOf(Work.class),
                    codec.encode(new Work("c1", false)), EventMetadata.start("test"), 0, 0, java.time.Instant.now(),
                    new RecordedEvent.Origin(UUID.randomUUID(), new Cursor(1, 1)));
            store.receive(List.of(new ReceivedEvent(foreign, "test", 0, 0))).await().atMost(TIMEOUT);
            await().atMost(TIMEOUT).until(() -> applied.contains("c1"));
            assertThat(applied).doesNotHaveDuplicates().doesNotContain("a1", "a2", "a4");
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void withSeveralStreamTypesTheMarkStopsAtTheFirstEventNotPassedWhicheverTypeHoldsIt() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String channel = "handover-types-" + run;
        String first = "test.handover-a-" + run;
        String second = "test.handover-b-" + run;
        RecordedEvent a1 = append(first, "a-" + run, ExpectedVersion.NO_STREAM, "a1");
        RecordedEvent b1 = append(second, "b-" + run, ExpectedVersion.NO_STREAM, "b1");
        RecordedEvent a2 = append(first, "a-" + run, 1, "a2");
        UUID here = store.storeId().await().atMost(TIMEOUT);
        // b1, of the second type, is not received yet; a1 and a2, of the first, are
        receive(here, a1, a2);

        // a type with no events at all changes nothing
        SubscriptionOptions options = subscriptions.defaults(channel + EventStoreConnector.KAFKA_PATH,
                List.of(first, second, "test.handover-none-" + run)).withLog(EventLog.RECEIVED);
        Handover handover = new Handover(channel, options, true, Set.of(), pool, vertx);
        handover.otherPathFree().await().atMost(TIMEOUT);
        SubscriptionWorker worker = subscriptions.start(options, handover.around(handler));
        try {
            await().atMost(TIMEOUT).until(() -> applied.contains("a2"));
            await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).untilAsserted(() -> {
                handover.advance().await().atMost(TIMEOUT);
                assertThat(checkpoint(channel)).as("the events path would resume at b1, before a2")
                        .isGreaterThanOrEqualTo(a1.cursor()).isLessThan(b1.cursor());
            });

            receive(here, b1);
            await().atMost(TIMEOUT).until(() -> applied.contains("b1"));
            await().atMost(TIMEOUT).untilAsserted(() -> {
                handover.advance().await().atMost(TIMEOUT);
                assertThat(checkpoint(channel)).isGreaterThanOrEqualTo(a2.cursor());
            });
            assertThat(applied).containsExactlyInAnyOrder("a1", "b1", "a2");
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void anEventTypeThePublishersRelayLeavesOutHoldsTheMarkNoLonger() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String channel = "handover-internal-" + run;
        String type = "test.handover-internal-" + run;
        RecordedEvent a1 = append(type, "a-" + run, ExpectedVersion.NO_STREAM, "a1");
        NewEvent internal = NewEvent.of(new CounterIncremented("a-" + run, 1));
        store.append(new StreamAppend("a-" + run, type, 1, List.of(internal)), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);
        Cursor internalAt = store.readEvents(List.of(internal.eventId())).await().atMost(TIMEOUT).get(0).cursor();
        RecordedEvent a3 = append(type, "a-" + run, 2, "a3");
        UUID here = store.storeId().await().atMost(TIMEOUT);
        // the relay sent a1 and a3, never the internal event between them
        receive(here, a1, a3);

        SubscriptionOptions options = subscriptions.defaults(channel + EventStoreConnector.KAFKA_PATH, List.of(type))
                .withLog(EventLog.RECEIVED).withEventTypes(Set.of(codec.typeOf(Work.class)));
        Handover waitsForIt = new Handover(channel, options, true, Set.of(), pool, vertx);
        waitsForIt.otherPathFree().await().atMost(TIMEOUT);
        SubscriptionWorker worker = subscriptions.start(options, waitsForIt.around(handler));
        try {
            await().atMost(TIMEOUT).until(() -> applied.contains("a3"));
            await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).untilAsserted(() -> {
                waitsForIt.advance().await().atMost(TIMEOUT);
                assertThat(checkpoint(channel)).as("not told it is left out, the mark waits for it")
                        .isGreaterThanOrEqualTo(a1.cursor()).isLessThan(internalAt);
            });

            Handover handover = new Handover(channel, options, true, Set.of(codec.typeOf(CounterIncremented.class)),
                    pool, vertx);
            handover.otherPathFree().await().atMost(TIMEOUT);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                handover.advance().await().atMost(TIMEOUT);
                assertThat(checkpoint(channel)).isGreaterThanOrEqualTo(a3.cursor());
            });
            assertThat(applied).containsExactly("a1", "a3");
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void aPathWaitsUntilTheOtherOneStoppedAndHasNoParkedEvents() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String channel = "handover-wait-" + run;
        SubscriptionOptions options = subscriptions.defaults(channel + EventStoreConnector.KAFKA_PATH,
                List.of("test.handover-" + run)).withLog(EventLog.RECEIVED);
        // another instance still works the channel in process (a rolling restart), with a parked event
        pool.preparedQuery("""
                INSERT INTO eventstore.subscriptions (name, owner, lease_expires_at)
                VALUES ($1, 'old-instance', now() + interval '1 hour')""").execute(Tuple.of(channel))
                .await().atMost(TIMEOUT);
        pool.preparedQuery("""
                INSERT INTO eventstore.parked_events (subscription, event_id, global_position, stream_id, attempts,
                                                      last_error)
                VALUES ($1, $2, 1, 's', 5, 'boom')""").execute(Tuple.of(channel, UUID.randomUUID()))
                .await().atMost(TIMEOUT);
        Handover handover = new Handover(channel, options, true, Set.of(), pool, vertx);
        var free = handover.otherPathFree().subscribeAsCompletionStage();
        try {
            await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).until(() -> !free.isDone());
            pool.preparedQuery("UPDATE eventstore.subscriptions SET owner = NULL, lease_expires_at = NULL WHERE name = $1")
                    .execute(Tuple.of(channel)).await().atMost(TIMEOUT);
            await("still a parked event on the other path").during(Duration.ofSeconds(1)).atMost(TIMEOUT)
                    .until(() -> !free.isDone());
            pool.preparedQuery("UPDATE eventstore.parked_events SET status = 'SKIPPED' WHERE subscription = $1")
                    .execute(Tuple.of(channel)).await().atMost(TIMEOUT);
            await().atMost(TIMEOUT).until(free::isDone);
        } finally {
            handover.stop();
        }
    }

    private RecordedEvent append(String type, String stream, long expectedVersion, String label) {
        NewEvent event = NewEvent.of(new Work(label, false));
        store.append(new StreamAppend(stream, type, expectedVersion, List.of(event)), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);
        return store.readEvents(List.of(event.eventId())).await().atMost(TIMEOUT).get(0);
    }

    private void receive(UUID origin, RecordedEvent... events) {
        List<ReceivedEvent> received = List.of(events).stream().map(e -> new ReceivedEvent(new RecordedEvent(
                e.eventId(), e.streamId(), e.streamType(), e.streamVersion(), e.type(), e.payload(), e.metadata(), 0, 0,
                e.recordedAt(), new RecordedEvent.Origin(origin, e.cursor())), "test", 0, 0)).toList();
        store.receive(received).await().atMost(TIMEOUT);
    }

    private void setCheckpoint(String name, Cursor cursor) {
        pool.preparedQuery("""
                INSERT INTO eventstore.subscriptions (name, last_transaction_id, last_position)
                VALUES ($1, $2::text::xid8, $3)""")
                .execute(Tuple.of(name, Long.toString(cursor.transactionId()), cursor.position()))
                .await().atMost(TIMEOUT);
    }

    private Cursor checkpoint(String name) {
        var row = pool.preparedQuery("""
                SELECT last_transaction_id::text::bigint AS tx, last_position FROM eventstore.subscriptions
                 WHERE name = $1""").execute(Tuple.of(name)).await().atMost(TIMEOUT).iterator().next();
        return new Cursor(row.getLong("tx"), row.getLong("last_position"));
    }

    private long parkedCount(String name) {
        return pool.preparedQuery("SELECT count(*) FROM eventstore.parked_events WHERE subscription = $1 AND status = 'PARKED'")
                .execute(Tuple.of(name)).await().atMost(TIMEOUT).iterator().next().getLong(0);
    }
}
