package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import dev.eventshop.platform.messaging.PoisonEventConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;

/**
 * Readiness tells the truth about subscriptions: DOWN, naming the subscription and the reason, while one lags past its
 * threshold without an operator having paused it, or has an event parked past its threshold; UP again once it is dealt
 * with.
 */
@QuarkusTest
@TestProfile(ReadinessTest.Thresholds.class)
class ReadinessTest {

    private static final String CHANNEL = PoisonEventConsumer.CHANNEL;
    private static final String DATA = "checks.find { it.name == 'subscriptions' }.data.'" + CHANNEL + "'";

    /** Thresholds of a second. */
    public static class Thresholds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventshop.subscriptions.readiness-lag-age", "1s",
                    "eventshop.subscriptions.readiness-parked-age", "1s");
        }
    }

    @Inject
    EventStore store;

    @Inject
    PoisonEventConsumer consumer;

    /** Parked events other tests left on the shared channel are an operator's business: skipped, they count no more. */
    @BeforeEach
    void nothingLeftParked() {
        List<String> parked = given().get("/admin/subscriptions/{name}/parked", CHANNEL).then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.status == 'PARKED' }.eventId");
        parked.forEach(eventId -> given().contentType("application/json").body("{\"reason\":\"left by another test\"}")
                .post("/admin/subscriptions/{name}/parked/{id}/skip", CHANNEL, eventId).then().statusCode(200));
    }

    private static ValidatableResponse readiness() {
        return given().get("/q/health/ready").then();
    }

    private UUID append(Work work) {
        NewEvent event = NewEvent.of(work);
        store.append(new StreamAppend("ready-" + work.label(), "test.work", ExpectedVersion.NO_STREAM, List.of(event)),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        return event.eventId();
    }

    @Test
    void aSubscriptionHeldUpByAHungHandlerTakesReadinessDownUntilItMovesOn() {
        await().atMost(TIMEOUT).untilAsserted(() -> readiness().body(DATA, startsWith("UP")));
        String label = "hung-" + UUID.randomUUID();
        consumer.hold(label);
        append(new Work(label, false));

        await().atMost(TIMEOUT).untilAsserted(() -> readiness().statusCode(503)
                .body(DATA, startsWith("DOWN: its oldest undelivered event is"))
                .body(DATA, containsString("its checkpoint has not moved")));

        consumer.release(label);
        await().atMost(TIMEOUT).untilAsserted(() -> readiness().body(DATA, startsWith("UP")));
    }

    @Test
    void aPausedSubscriptionMayLagButAParkedEventTakesReadinessDown() {
        given().post("/admin/subscriptions/{name}/pause", CHANNEL).then().statusCode(200);
        try {
            String label = "paused-" + UUID.randomUUID();
            append(new Work(label, false));
            // lagging well past its threshold, but by an operator's choice
            await().during(Duration.ofSeconds(3)).atMost(TIMEOUT).untilAsserted(() -> readiness()
                    .body(DATA, startsWith("UP (paused by an operator)")));
        } finally {
            given().post("/admin/subscriptions/{name}/resume", CHANNEL).then().statusCode(200);
        }

        UUID poison = append(new Work("parked-" + UUID.randomUUID(), true));
        await().atMost(TIMEOUT).untilAsserted(() -> readiness().statusCode(503)
                .body(DATA, containsString("1 event(s) parked"))
                .body(DATA, containsString("/admin/subscriptions/" + CHANNEL + "/parked")));

        given().contentType("application/json").body("{\"reason\":\"test over\"}")
                .post("/admin/subscriptions/{name}/parked/{id}/skip", CHANNEL, poison).then().statusCode(200);
        await().atMost(TIMEOUT).untilAsserted(() -> readiness().body(DATA, startsWith("UP")));
    }
}
