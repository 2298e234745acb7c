package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

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
import dev.eventshop.platform.messaging.PoisonEventConsumer;
import dev.eventshop.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** What an operator asks and does through /admin: an order's timeline, stuck orders, and actions on record. */
@QuarkusTest
class OperationsAdminTest {

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    PoisonEventConsumer consumer;

    @Test
    void anOrdersTimelineShowsEveryModulesEventsInOneTrace() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 2);
        String orderId = Shop.placeOrder(Shop.order("c-" + UUID.randomUUID(), sku, 1));
        await().atMost(TIMEOUT).until(() -> given().get("/shipments/{id}", orderId).statusCode() == 200);

        List<Map<String, Object>> timeline = given().get("/admin/orders/{id}/timeline", orderId).then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(timeline).extracting(entry -> entry.get("type")).containsSubsequence("orders.OrderPlaced.v1",
                "inventory.ReserveStockCommand.v1", "inventory.StockReserved.v1", "payments.CapturePaymentCommand.v1",
                "payments.PaymentCaptured.v1", "orders.OrderConfirmed.v1", "shipping.ShipmentScheduled.v1");
        assertThat(timeline).extracting(entry -> entry.get("module")).contains("orders", "inventory", "payments",
                "shipping");
        assertThat(timeline).extracting(entry -> entry.get("traceId")).containsOnly(timeline.get(0).get("traceId"));
        assertThat(timeline).allSatisfy(entry -> {
            assertThat(entry.get("streamId").toString()).endsWith(orderId);
            assertThat(entry).containsKeys("position", "recordedAt", "occurredAt", "eventId");
        });

        given().get("/admin/orders/{id}/timeline", "no-such-order").then().statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer(Tokens.shopper("c-someone")))
                .get("/admin/orders/{id}/timeline", orderId).then().statusCode(403);
    }

    @Test
    void aStuckOrderIsListedWithItsLastStep() {
        String id = "stuck-" + UUID.randomUUID();
        // an order the saga lost track of: PENDING for an hour, as no healthy order ever is
        pool.preparedQuery("""
                INSERT INTO orders.order_view (order_id, customer_id, status, items, total_amount, currency, history,
                                               deadline, placed_at, updated_at)
                VALUES ($1, 'c-stuck', 'PENDING', '[]', 100, 'EUR',
                        '[{"type": "OrderPlaced", "occurredAt": "2026-01-01T10:00:00Z"}]', 'infinity',
                        now() - interval '1 hour', now() - interval '1 hour')""").execute(Tuple.of(id))
                .await().atMost(TIMEOUT);
        try {
            given().get("/admin/orders/stuck?limit=1000").then().statusCode(200)
                    .body("find { it.orderId == '" + id + "' }.status", equalTo("PENDING"))
                    .body("find { it.orderId == '" + id + "' }.lastEventType", equalTo("OrderPlaced"))
                    .body("find { it.orderId == '" + id + "' }.reason",
                            org.hamcrest.Matchers.startsWith("PENDING for longer than"));
        } finally {
            pool.preparedQuery("DELETE FROM orders.order_view WHERE order_id = $1").execute(Tuple.of(id))
                    .await().atMost(TIMEOUT);
        }
        given().get("/admin/orders/stuck?limit=1000").then().statusCode(200).body("orderId",
                org.hamcrest.Matchers.not(hasItem(id)));
        given().get("/admin/orders/stuck?limit=0").then().statusCode(422);
    }

    @Test
    void pauseResumeAndAReplayedParkedEventAreOnRecordAndTheEventIsProcessedOnce() {
        String channel = PoisonEventConsumer.CHANNEL;
        given().post("/admin/subscriptions/{name}/pause", channel).then().statusCode(200);
        given().post("/admin/subscriptions/{name}/resume", channel).then().statusCode(200);

        String label = "replayed-" + UUID.randomUUID();
        NewEvent poison = NewEvent.of(new Work(label, true));
        store.append(new StreamAppend("ops-" + label, "test.work", ExpectedVersion.NO_STREAM, List.of(poison)),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/admin/subscriptions/{name}/parked", channel).then()
                .body("find { it.eventId == '" + poison.eventId() + "' }.status", equalTo("PARKED")));

        consumer.heal(label);
        given().post("/admin/subscriptions/{name}/parked/{id}/replay", channel, poison.eventId()).then()
                .statusCode(202);
        await().atMost(TIMEOUT).until(() -> consumer.processed().contains(label));
        // applied once: the inbox holds one record of it, and the parked entry is gone
        await().atMost(TIMEOUT).untilAsserted(() -> given().get("/admin/subscriptions/{name}/parked", channel).then()
                .body("eventId", org.hamcrest.Matchers.not(hasItem(poison.eventId().toString()))));
        assertThat(consumer.applied(label)).isEqualTo(1);
        await().during(Duration.ofMillis(500)).atMost(TIMEOUT).until(() -> consumer.applied(label) == 1);

        List<Map<String, Object>> actions = given().get("/admin/operations?limit=50").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(actions).anySatisfy(action -> {
            assertThat(action.get("type")).isEqualTo("platform.ParkedEventReplayRequested.v1");
            assertThat(action.get("details")).asString().contains(poison.eventId().toString(), "test-admin", channel);
        });
        assertThat(actions).extracting(action -> action.get("type"))
                .contains("platform.SubscriptionPaused.v1", "platform.SubscriptionResumed.v1");
        // newest first: the replay was asked for after the pause and the resume
        assertThat(actions.get(0).get("type")).isEqualTo("platform.ParkedEventReplayRequested.v1");
        assertThat(actions).filteredOn(action -> action.get("type").equals("platform.SubscriptionPaused.v1"))
                .first().satisfies(action -> assertThat(action.get("details")).asString()
                        .contains("operator=test-admin", "subscription=" + channel));
    }
}
