package dev.eventshop.platform.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * A poison event is retried, parked after the last attempt with its stream's later events held behind it, while the
 * subscription moves on with other streams; an operator replays it over HTTP once the cause is fixed, or skips it.
 */
@QuarkusTest
class PoisonEventParkingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SUBSCRIPTION = PoisonEventConsumer.CHANNEL;

    @Inject
    EventStore store;

    @Inject
    PoisonEventConsumer consumer;

    @Inject
    SubscriptionsConfig config;

    @Test
    void parksAfterTheLastAttemptHoldsItsStreamMovesOnAndReplaysAfterAFix() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        NewEvent poison = NewEvent.of(new Work("poison-" + run, true));
        NewEvent after = NewEvent.of(new Work("after-" + run, false));
        store.append(new StreamAppend("work-" + run, "test.work", ExpectedVersion.NO_STREAM, List.of(
                NewEvent.of(new Work("before-" + run, false)), poison, after)),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        store.append(new StreamAppend("other-" + run, "test.work", ExpectedVersion.NO_STREAM, List.of(
                NewEvent.of(new Work("other-" + run, false)))), EventMetadata.start("test")).await().atMost(TIMEOUT);

        await().atMost(TIMEOUT).until(() -> consumer.processed().contains("other-" + run));
        JsonPath parked = parkedEvent(poison.eventId());
        assertThat(consumer.processed()).contains("before-" + run).doesNotContain("poison-" + run, "after-" + run);
        assertThat(parked.getInt("attempts")).isEqualTo(config.maxAttempts());
        assertThat(parked.getString("status")).isEqualTo("PARKED");
        assertThat(parked.getString("lastError")).contains("cannot process poison-" + run);
        assertThat(parked.getString("eventType")).isEqualTo("test.Work.v1");
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/admin/subscriptions/{name}/parked", SUBSCRIPTION)
                .then().body("find { it.eventId == '" + after.eventId() + "' }.status", equalTo("HELD")));

        consumer.heal("poison-" + run);
        given().post("/admin/subscriptions/{name}/parked/{id}/replay", SUBSCRIPTION, poison.eventId())
                .then().statusCode(202).body("status", equalTo("REPLAY_REQUESTED"));

        await().atMost(TIMEOUT).until(() -> consumer.processed().contains("after-" + run));
        assertThat(consumer.processed()).contains("poison-" + run);
        await().atMost(TIMEOUT).untilAsserted(() -> given()
                .get("/admin/subscriptions/{name}/parked/", SUBSCRIPTION)
                .then().statusCode(200).body("findAll { it.eventId == '" + poison.eventId() + "' }.size()", equalTo(0)));
    }

    @Test
    void anOperatorCanSkipAParkedEvent() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        NewEvent poison = NewEvent.of(new Work("doomed-" + run, true));
        store.append(new StreamAppend("work-" + run, "test.work", ExpectedVersion.NO_STREAM, List.of(poison)),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        parkedEvent(poison.eventId());

        // the answer names what the skip leaves unfinished, and keeps the operator's reason
        given().contentType("application/json").body(Map.of("reason", "done by hand, ticket 42"))
                .post("/admin/subscriptions/{name}/parked/{id}/skip", SUBSCRIPTION, poison.eventId())
                .then().statusCode(200).body("status", equalTo("SKIPPED"))
                .body("streamId", equalTo("work-" + run)).body("correlationId", notNullValue())
                .body("skipReason", equalTo("done by hand, ticket 42"));
        given().post("/admin/subscriptions/{name}/parked/{id}/replay", SUBSCRIPTION, poison.eventId())
                .then().statusCode(409).contentType("application/problem+json");
        given().get("/admin/subscriptions/{name}", SUBSCRIPTION)
                .then().statusCode(200).body("name", equalTo(SUBSCRIPTION)).body("owner", containsString("/"));
        assertThat(consumer.processed()).doesNotContain("doomed-" + run);
    }

    @Test
    void unknownSubscriptionsAndEventsAreProblemDetails() {
        given().get("/admin/subscriptions/{name}", "no-such-subscription")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("no-such-subscription"));
        given().post("/admin/subscriptions/{name}/parked/{id}/replay", SUBSCRIPTION, UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().post("/admin/subscriptions/{name}/pause", "no-such-subscription")
                .then().statusCode(404).contentType("application/problem+json");
    }

    private JsonPath parkedEvent(UUID eventId) {
        String path = "find { it.eventId == '" + eventId + "' }";
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/admin/subscriptions/{name}/parked", SUBSCRIPTION)
                .then().statusCode(200).body(path + ".status", equalTo("PARKED")));
        return new JsonPath(given().get("/admin/subscriptions/{name}/parked", SUBSCRIPTION).then().extract()
                .jsonPath().prettify()).setRootPath(path);
    }
}
