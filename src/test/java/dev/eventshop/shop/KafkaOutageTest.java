package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.devkafka.EmbeddedKafkaLauncher;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Shipping on Kafka and the broker gone for 20 s while orders keep coming: readiness says which channels are held
 * up, orders wait in the event store, and once the broker is back every order is scheduled for shipping exactly once.
 */
@QuarkusTest
@TestProfile(KafkaRelayTest.ShippingOnKafka.class)
class KafkaOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Test
    void ordersPlacedWhileTheBrokerIsDownAreShippedOnceWhenItIsBack() {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 700, 100);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            orders.add(Shop.placeOrder(Shop.order("c-outage-" + i, sku, 1)));
        }

        EmbeddedKafkaLauncher.outage();
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503)
                    .extract().path("checks.find { it.name == 'kafka' }.data.channels").toString()
                    .contains("shipping-commands"));
            for (int i = 10; i < 30; i++) {
                orders.add(Shop.placeOrder(Shop.order("c-outage-" + i, sku, 1)));
            }
            // the shop takes orders and stays down for shipping the whole time: nothing is lost while it waits
            await().during(OUTAGE).atMost(OUTAGE.plusSeconds(10)).until(() ->
                    given().get("/q/health/ready").then().extract().statusCode() == 503);
        } finally {
            EmbeddedKafkaLauncher.restart();
        }

        await().atMost(TIMEOUT).until(() -> given().get("/q/health/ready").then().extract().statusCode() == 200);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (String id : orders) {
                assertThat(String.valueOf(given().get("/shipments/{id}", id).then().extract().<Object>path("status")))
                        .as(id).isEqualTo("SCHEDULED");
            }
        });
        for (String id : orders) {
            assertThat(pool.preparedQuery("""
                    SELECT count(*) FROM eventstore.events
                     WHERE stream_id = $1 AND event_type = 'shipping.ShipmentScheduled.v1'""")
                    .execute(Tuple.of("shipment-" + id)).await().atMost(TIMEOUT).iterator().next().getLong(0))
                    .as("scheduled once: " + id).isEqualTo(1);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pool.preparedQuery("""
                SELECT count(DISTINCT e.stream_id) FROM eventstore.events e, eventstore.subscriptions s
                 WHERE s.name = 'relay-orders' AND e.event_type = 'orders.OrderShipmentScheduled.v1'
                   AND e.stream_id = ANY($1)
                   AND (e.transaction_id, e.global_position) <= (s.last_transaction_id, s.last_position)""")
                .execute(Tuple.of(orders.stream().map(id -> "order-" + id).toArray(String[]::new)))
                .await().atMost(TIMEOUT).iterator().next().getLong(0))
                .as("the relay's backlog drained: its checkpoint passed each order's last event").isEqualTo(orders.size()));
        ShopInvariants.awaitHold(pool);
    }
}
