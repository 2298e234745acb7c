package dev.eventshop.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.devkafka.EmbeddedKafkaLauncher;
import dev.eventshop.testing.KafkaTopics;
import dev.eventshop.testing.PackagedApp;
import dev.eventshop.testing.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Shipping extracted: the same packaged artifact runs twice, A with orders, payments and inventory, B with shipping,
 * each with its own database, shipping's channel on Kafka in both. Shoppers and the carrier keep using A's URLs: A
 * forwards shipping's paths to B.
 */
class ExtractedShippingIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void anOrderPlacedOnTheMonolithIsShippedByTheExtractedModuleAndDeliveredThroughTheMonolithsUrls()
            throws Exception {
        String kafka = EmbeddedKafkaLauncher.ensureStarted();
        Map<String, String> topics = KafkaTopics.ownTopics("extracted-it");
        try (EmbeddedPostgres databaseA = PackagedApp.postgres().start();
                EmbeddedPostgres databaseB = PackagedApp.postgres().start();
                PackagedApp b = PackagedApp.start(databaseB, "extracted-shipping-it-b", with(topics,
                        "EVENTSHOP_MODULES_ENABLED", "shipping",
                        "EVENTSHOP_MODULES_SHIPPING_CHANNEL", "kafka",
                        "KAFKA_BOOTSTRAP_SERVERS", kafka));
                PackagedApp a = PackagedApp.start(databaseA, "extracted-shipping-it-a", with(topics,
                        "EVENTSHOP_MODULES_ENABLED", "orders,payments,inventory",
                        "EVENTSHOP_MODULES_SHIPPING_CHANNEL", "kafka",
                        "EVENTSHOP_MODULES_SHIPPING_URL", "http://localhost:" + b.port(),
                        "KAFKA_BOOTSTRAP_SERVERS", kafka))) {
            assertThat(a.send("POST", "/products", """
                    {"sku":"EXTRACT-1","name":"Chair","price":{"amount":4900,"currency":"EUR"},"stock":10}""")
                    .statusCode()).isEqualTo(201);
            String order = PackagedApp.orderJson("c-extract", "EXTRACT-1", 2);
            String[] id = new String[1];
            await().atMost(PATIENCE).until(() -> {
                var placed = a.send("POST", "/orders", order);
                if (placed.statusCode() != 202) {
                    return false;
                }
                id[0] = placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1");
                return true;
            });
            String orderId = id[0];

            // shipping's answer, read through A's URL (forwarded to B)
            await().atMost(PATIENCE).until(() -> a.send("GET", "/shipments/" + orderId, null).body()
                    .contains("\"status\":\"SCHEDULED\""));
            assertThat(a.send("POST", "/shipments/" + orderId + "/dispatch", null).statusCode()).isEqualTo(200);
            assertThat(a.send("POST", "/shipments/" + orderId + "/deliver", null).statusCode()).isEqualTo(200);
            await().atMost(PATIENCE).until(() -> a.send("GET", "/orders/" + orderId, null).body()
                    .contains("\"status\":\"DELIVERED\""));

            // B does not run orders and knows no URL for it: a clear answer, not someone else's 404
            var elsewhere = b.send("GET", "/orders/" + orderId, null);
            assertThat(elsewhere.statusCode()).isEqualTo(503);
            assertThat(elsewhere.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(elsewhere.body()).contains("eventshop.modules.orders.url");
            // nor by a path the forwarding routes would not know at first sight (matrix parameters)
            assertThat(b.send("POST", "/orders;x=1", order).statusCode()).isEqualTo(503);
            assertThat(a.send("GET", "/shipments;x=1/" + orderId, null).body()).contains("\"status\":\"DELIVERED\"");

            // each module's state lives in its own process's database only
            assertThat(Sql.count(databaseA, "SELECT count(*) FROM eventstore.events WHERE stream_type = 'shipping.shipment'"))
                    .isZero();
            assertThat(Sql.count(databaseA, "SELECT count(*) FROM eventstore.received_events WHERE stream_id = 'shipment-"
                    + orderId + "'")).as("shipping's events reached A from Kafka").isEqualTo(3);
            assertThat(Sql.count(databaseB, "SELECT count(*) FROM eventstore.events WHERE stream_type = 'orders.order'"))
                    .isZero();
            assertThat(Sql.count(databaseB, "SELECT count(*) FROM eventstore.events WHERE stream_id = 'shipment-"
                    + orderId + "'")).isEqualTo(3);
            assertThat(Sql.count(databaseB, "SELECT count(*) FROM carrier_sandbox.bookings")).isEqualTo(1);
            assertThat(Sql.count(databaseA, "SELECT count(*) FROM shipping.shipment_view")).isZero();
            // the invariants across both: paid once, stock taken once, shipped once
            assertThat(Sql.count(databaseA, "SELECT count(*) FROM payment_sandbox.charges")).isEqualTo(1);
            assertThat(Sql.count(databaseA, "SELECT count(*) FROM payment_sandbox.refunds")).isZero();
            assertThat(a.send("GET", "/products/EXTRACT-1", null).body()).contains("\"available\":8");
            assertThat(Sql.count(databaseA, "SELECT count(*) FROM eventstore.events WHERE event_type = 'orders.OrderDelivered.v1'"))
                    .isEqualTo(1);
        }
    }

    private static Map<String, String> with(Map<String, String> topics, String... keysAndValues) {
        Map<String, String> env = new java.util.HashMap<>(topics);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }
}
