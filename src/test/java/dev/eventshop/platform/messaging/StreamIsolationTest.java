package dev.eventshop.platform.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;

/**
 * A failing event blocks only its own stream: the other streams of its lane keep flowing while it is retried; once
 * parked, its stream's later events are held behind it (also across a restart of the worker) and delivered in order
 * when an operator replays or skips it. A handler that never answers counts as a failed attempt.
 */
@QuarkusTest
class StreamIsolationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    EventCodec codec;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    /** Labels in the order they were applied. */
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final Set<String> healed = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    private final SubscriptionHandler handler = event -> {
        Work work = codec.decode(event, Work.class);
        attempts.computeIfAbsent(work.label(), ignored -> new AtomicInteger()).incrementAndGet();
        if (work.poison() && !healed.contains(work.label())) {
            return Uni.createFrom().failure(new IllegalStateException("cannot process " + work.label()));
        }
        applied.add(work.label());
        return Uni.createFrom().voidItem();
    };

    @Test
    void aRetryingStreamHoldsUpOnlyItselfNotItsLane() {
        String run = run();
        // one lane, many attempts: before per-stream retries, every other stream waited behind the failing one
        SubscriptionOptions options = subscriptions.defaults("isolation-" + run, List.of(streamType(run)))
                .withMaxAttempts(1_000).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
        SubscriptionWorker worker = subscriptions.start(options, handler);
        try {
            append(run, "bad", ExpectedVersion.NO_STREAM, new Work("bad-1-" + run, true), new Work("bad-2-" + run, false));
            List<String> others = IntStream.range(0, 20).mapToObj(i -> "good-" + i + "-" + run).toList();
            for (String label : others) {
                append(run, label, ExpectedVersion.NO_STREAM, new Work(label, false));
            }

            await().atMost(TIMEOUT).until(() -> applied.containsAll(others));
            assertThat(attempts.get("bad-1-" + run).get()).as("the failing event is being retried, not parked")
                    .isBetween(1, 999);
            assertThat(applied).as("the failing stream's next event waits behind it")
                    .doesNotContain("bad-1-" + run, "bad-2-" + run);

            healed.add("bad-1-" + run);
            await().atMost(TIMEOUT).until(() -> applied.contains("bad-2-" + run));
            assertThat(applied.indexOf("bad-1-" + run)).isLessThan(applied.indexOf("bad-2-" + run));
            assertThat(applied).as("each event applied once").doesNotHaveDuplicates();
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void aParkedStreamHoldsItsLaterEventsAcrossARestartUntilReplayedInOrder() {
        String run = run();
        String name = "parked-stream-" + run;
        SubscriptionOptions options = subscriptions.defaults(name, List.of(streamType(run))).withConcurrency(2);
        SubscriptionWorker worker = subscriptions.start(options, handler);
        try {
            UUID parkedAt = append(run, "bad", ExpectedVersion.NO_STREAM, new Work("bad-1-" + run, true),
                    new Work("bad-2-" + run, false)).get(0);
            await().atMost(TIMEOUT).until(() -> status(name, parkedAt).equals("PARKED"));
            JsonPath parked = parked(name, parkedAt);
            assertThat(parked.getString("lastError")).startsWith("IllegalStateException: cannot process bad-1-" + run);
            assertThat(parked.getString("streamId")).isEqualTo("work-bad-" + run);

            UUID third = append(run, "bad", 2, new Work("bad-3-" + run, false)).get(0);
            append(run, "good", ExpectedVersion.NO_STREAM, new Work("good-" + run, false));
            await().atMost(TIMEOUT).until(() -> applied.contains("good-" + run) && status(name, third).equals("HELD"));

            worker.stop().await().atMost(TIMEOUT);
            worker = subscriptions.start(options, handler);
            UUID fourth = append(run, "bad", 3, new Work("bad-4-" + run, false)).get(0);
            await().atMost(TIMEOUT).until(() -> status(name, fourth).equals("HELD"));
            assertThat(applied).noneMatch(label -> label.startsWith("bad-"));

            healed.add("bad-1-" + run);
            given().post("/admin/subscriptions/{name}/parked/{id}/replay", name, third)
                    .then().statusCode(409).contentType("application/problem+json");
            given().post("/admin/subscriptions/{name}/parked/{id}/replay", name, parkedAt).then().statusCode(202);

            await().atMost(TIMEOUT).until(() -> applied.contains("bad-4-" + run));
            assertThat(applied.stream().filter(label -> label.startsWith("bad-")))
                    .containsExactly("bad-1-" + run, "bad-2-" + run, "bad-3-" + run, "bad-4-" + run);
            await().atMost(TIMEOUT).until(() -> given().get("/admin/subscriptions/{name}/parked", name).then()
                    .extract().jsonPath().getList("eventId").isEmpty());

            append(run, "bad", 4, new Work("bad-5-" + run, false));
            await().atMost(TIMEOUT).until(() -> applied.contains("bad-5-" + run));
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void skippingTheParkedEventReleasesTheEventsHeldBehindIt() {
        String run = run();
        String name = "skip-stream-" + run;
        SubscriptionWorker worker = subscriptions.start(subscriptions.defaults(name, List.of(streamType(run))), handler);
        try {
            List<UUID> ids = append(run, "bad", ExpectedVersion.NO_STREAM, new Work("bad-1-" + run, true),
                    new Work("bad-2-" + run, false));
            await().atMost(TIMEOUT).until(() -> status(name, ids.get(1)).equals("HELD"));

            given().post("/admin/subscriptions/{name}/parked/{id}/skip", name, ids.get(0)).then().statusCode(200);

            await().atMost(TIMEOUT).until(() -> applied.contains("bad-2-" + run));
            assertThat(applied).doesNotContain("bad-1-" + run);
            await().atMost(TIMEOUT).until(() -> given().get("/admin/subscriptions/{name}/parked", name).then()
                    .extract().jsonPath().getList("status").equals(List.of("SKIPPED")));
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void aFailureNoRetryCanCureParksItsStreamAtOnce() {
        String run = run();
        String name = "unrecoverable-" + run;
        SubscriptionHandler refuses = event -> {
            Work work = codec.decode(event, Work.class);
            attempts.computeIfAbsent(work.label(), ignored -> new AtomicInteger()).incrementAndGet();
            return work.poison() ? Uni.createFrom().failure(new UnrecoverableFailure(
                    new IllegalArgumentException("never accepted: " + work.label()))) : handler.handle(event);
        };
        // however many attempts the subscription would allow
        SubscriptionWorker worker = subscriptions.start(subscriptions.defaults(name, List.of(streamType(run)))
                .withMaxAttempts(Integer.MAX_VALUE), refuses);
        try {
            List<UUID> ids = append(run, "bad", ExpectedVersion.NO_STREAM, new Work("bad-1-" + run, true),
                    new Work("bad-2-" + run, false));
            append(run, "good", ExpectedVersion.NO_STREAM, new Work("good-1-" + run, false));
            await().atMost(TIMEOUT).until(() -> status(name, ids.get(1)).equals("HELD"));
            assertThat(status(name, ids.get(0))).isEqualTo("PARKED");
            assertThat(attempts.get("bad-1-" + run).get()).as("parked at the first attempt").isEqualTo(1);
            await().atMost(TIMEOUT).until(() -> applied.contains("good-1-" + run));
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void aReleaseCutShortGoesOnWithTheHeldEvents() {
        String run = run();
        String name = "cut-short-" + run;
        SubscriptionWorker worker = subscriptions.start(subscriptions.defaults(name, List.of(streamType(run))), handler);
        try {
            List<UUID> ids = append(run, "bad", ExpectedVersion.NO_STREAM, new Work("bad-1-" + run, true),
                    new Work("bad-2-" + run, false), new Work("bad-3-" + run, false));
            await().atMost(TIMEOUT).until(() -> status(name, ids.get(2)).equals("HELD"));

            // a release delivered the parked event and deleted its row, then the process stopped
            pool.preparedQuery("DELETE FROM eventstore.parked_events WHERE subscription = $1 AND event_id = $2")
                    .execute(io.vertx.mutiny.sqlclient.Tuple.of(name, ids.get(0))).await().atMost(TIMEOUT);

            await().atMost(TIMEOUT).until(() -> applied.contains("bad-3-" + run));
            assertThat(applied).containsSubsequence("bad-2-" + run, "bad-3-" + run).doesNotContain("bad-1-" + run);
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    @Test
    void aHandlerThatNeverAnswersCountsAsAFailedAttempt() {
        String run = run();
        AtomicInteger calls = new AtomicInteger();
        SubscriptionHandler hangsOnce = event -> calls.incrementAndGet() == 1
                ? Uni.createFrom().nothing()
                : handler.handle(event);
        SubscriptionOptions options = subscriptions.defaults("hung-" + run, List.of(streamType(run)))
                .withHandlerTimeout(Duration.ofMillis(300));
        SubscriptionWorker worker = subscriptions.start(options, hangsOnce);
        try {
            append(run, "slow", ExpectedVersion.NO_STREAM, new Work("slow-" + run, false));
            await().atMost(TIMEOUT).until(() -> applied.contains("slow-" + run));
            assertThat(calls.get()).isEqualTo(2);
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String streamType(String run) {
        return "test.isolation-" + run;
    }

    private List<UUID> append(String run, String stream, long expectedVersion, Work... work) {
        List<NewEvent> events = List.of(work).stream().map(NewEvent::of).toList();
        store.append(new StreamAppend("work-" + stream + "-" + run, streamType(run), expectedVersion, events),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        return events.stream().map(NewEvent::eventId).toList();
    }

    private static String status(String name, UUID eventId) {
        String found = given().get("/admin/subscriptions/{name}/parked", name).then().statusCode(200).extract()
                .jsonPath().getString("find { it.eventId == '" + eventId + "' }.status");
        return found == null ? "" : found;
    }

    private static JsonPath parked(String name, UUID eventId) {
        return new JsonPath(given().get("/admin/subscriptions/{name}/parked", name).then().extract().jsonPath()
                .prettify()).setRootPath("find { it.eventId == '" + eventId + "' }");
    }
}
