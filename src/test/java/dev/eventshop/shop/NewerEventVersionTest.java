package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.messaging.SubscriptionOptions;
import dev.eventshop.platform.messaging.SubscriptionWorker;
import dev.eventshop.platform.messaging.Subscriptions;
import dev.eventshop.platform.modules.ConsumerContracts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A publisher running a newer build (a module on Kafka, in another process) appends a version of an event this build
 * cannot read: the consumer parks the stream with the reason and what to do, instead of passing the event over.
 */
@QuarkusTest
class NewerEventVersionTest {

    /** What this build reads. */
    @EventType("test.Noted.v1")
    record Noted(String noteId) {
    }

    /** What a publisher on a newer build appends. */
    @EventType("test.Noted.v2")
    record NotedV2(String noteId, String author) {
    }

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    ConsumerContracts contracts;

    @Test
    void anEventOfANewerVersionIsParkedWithTheReasonNeverPassedOver() {
        // a stream type and a subscription of its own: no module relays or reads it, so nothing else sees the event
        String run = UUID.randomUUID().toString();
        String streamType = "test.notes-" + run.substring(0, 8);
        String name = "newer-" + run;
        String stream = "note-" + run;
        UUID newer = UUID.randomUUID();
        List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        SubscriptionWorker worker = subscriptions.start(subscriptions.defaults(name, List.of(streamType))
                .withEventTypes(Set.of("test.Noted.v1")), event -> {
                    handled.add(event.type());
                    return io.smallrye.mutiny.Uni.createFrom().voidItem();
                });
        try {
            store.append(new StreamAppend(stream, streamType, ExpectedVersion.NO_STREAM, List.of(
                    NewEvent.of(new Noted(run)), new NewEvent(newer, new NotedV2(run, "ada")),
                    NewEvent.of(new Noted(run)))), EventMetadata.start("test")).await().atMost(Duration.ofSeconds(30));

            await().atMost(TIMEOUT).untilAsserted(() -> {
                List<Map<String, Object>> parked = given().get("/admin/subscriptions/{name}/parked", name).then()
                        .statusCode(200).extract().jsonPath().getList("$");
                // the newer event parked with the reason, the event after it held behind it, in order
                assertThat(parked).extracting(p -> p.get("status")).containsExactly("PARKED", "HELD");
                assertThat(parked.get(0).get("eventId")).isEqualTo(newer.toString());
                assertThat(parked.get(0).get("eventType")).isEqualTo("test.Noted.v2");
                assertThat((String) parked.get(0).get("lastError")).contains("a newer version than this build reads")
                        .contains("test.Noted.v1").contains("deploy a build that reads it");
                assertThat(parked.get(1).get("eventType")).isEqualTo("test.Noted.v1");
            });
            assertThat(handled).containsExactly("test.Noted.v1");

            // the operator's way out once nothing will read it: skipped, with a reason, the stream goes on
            given().contentType(ContentType.JSON).body("{\"reason\":\"test: no build reads v2\"}")
                    .post("/admin/subscriptions/{name}/parked/{id}/skip", name, newer).then().statusCode(200)
                    .body("status", equalTo("SKIPPED"));
            await().atMost(TIMEOUT).untilAsserted(
                    () -> assertThat(handled).containsExactly("test.Noted.v1", "test.Noted.v1"));
        } finally {
            worker.stop().await().atMost(Duration.ofSeconds(30));
        }
    }

    @Test
    void onlyAnotherVersionOfAnEventTheHandlerReadsIsHeldBack() {
        SubscriptionOptions options = subscriptions.defaults("other-versions", List.of("payments.payment"))
                .withEventTypes(Set.of("payments.PaymentCaptured.v2", "payments.PaymentDeclined.v1",
                        "payments.PaymentRefunded.v1"))
                .withReadTypes(Set.of("payments.PaymentCaptured.v2", "payments.PaymentDeclined.v1"));

        assertThat(options.isUnreadableVersion("payments.PaymentCaptured.v3")).isTrue();
        assertThat(options.isUnreadableVersion("payments.PaymentCaptured.v12")).isTrue();
        assertThat(options.isUnreadableVersion("payments.PaymentCaptured.v99999999999")).isTrue();
        assertThat(options.isUnreadableVersion("payments.PaymentDeclined.v2")).isTrue();
        // older, and still not upcast when it gets here: no upcaster brings it to v2
        assertThat(options.isUnreadableVersion("payments.PaymentCaptured.v1")).isTrue();
        assertThat(options.isUnreadableVersion("payments.PaymentCaptured.v2")).isFalse(); // delivered as it is
        // delivered, but not read by this consumer: a newer version of it is passed over like the old one would be
        assertThat(options.isUnreadableVersion("payments.PaymentRefunded.v2")).isFalse();
        assertThat(options.isUnreadableVersion("payments.PaymentCapturedLate.v3")).isFalse();
        assertThat(options.delivers("payments.PaymentCaptured.v3")).isTrue();
        assertThat(options.delivers("payments.PaymentRefunded.v2")).isFalse();
        assertThat(options.readVersionsOf("payments.PaymentCaptured.v3")).containsExactly("payments.PaymentCaptured.v2");
        // no consumer contract: every delivered type counts as read
        assertThat(options.withReadTypes(Set.of()).isUnreadableVersion("payments.PaymentRefunded.v2")).isTrue();
        // every event delivered: nothing to hold back
        assertThat(options.withEventTypes(Set.of()).isUnreadableVersion("payments.PaymentCaptured.v3")).isFalse();
    }

    /** The channels learn what their module's handlers read from the consumer contracts the build checks. */
    @Test
    void eachModuleReadsWhatItsConsumerContractDeclares() throws Exception {
        for (String module : List.of("orders", "payments", "inventory", "shipping")) {
            Set<String> declared = new java.util.TreeSet<>();
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(java.nio.file.Path.of("contracts", "consumers", module + ".json").toFile()).path("reads")
                    .fieldNames().forEachRemaining(declared::add);
            assertThat(contracts.reads(module)).as(module).isNotEmpty().containsExactlyInAnyOrderElementsOf(declared);
        }
        assertThat(contracts.reads("orders")).contains("shipping.ShipmentDispatched.v1", "payments.PaymentCaptured.v1")
                .doesNotContain("payments.PaymentRefunded.v1");
        assertThat(contracts.reads("no-such-module")).isEmpty();
    }
}
