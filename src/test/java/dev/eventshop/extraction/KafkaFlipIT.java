package dev.eventshop.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.devkafka.EmbeddedKafkaLauncher;
import dev.eventshop.testing.KafkaTopics;
import dev.eventshop.testing.PackagedApp;
import dev.eventshop.testing.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Flipping a module's channel is a restart with one setting changed, with orders in flight, and flipping it back is
 * the rollback: nothing is lost and nothing done twice. The inbox is pruned as soon as it may be, so only the
 * hand-over of positions between the two paths (not the inbox's memory) keeps an event from being applied twice.
 */
class KafkaFlipIT {

    private static final int ORDERS = 200;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Test
    void shippingFlippedToKafkaAndBackUnderLoadCompletesEveryOrderOnce() throws Exception {
        String kafka = EmbeddedKafkaLauncher.ensureStarted();
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "EVENTSHOP_SUBSCRIPTIONS_LEASE_TTL", "3s",
                "EVENTSHOP_SUBSCRIPTIONS_LEASE_RENEW_INTERVAL", "500ms",
                "EVENTSHOP_SUBSCRIPTIONS_INBOX_RETENTION", "0s",
                "EVENTSHOP_SUBSCRIPTIONS_INBOX_PRUNE_INTERVAL", "1s"));
        env.putAll(KafkaTopics.ownTopics("flip-it"));
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start()) {
            List<String> orders = new ArrayList<>();
            int port;
            try (PackagedApp app = PackagedApp.start(postgres, "kafka-flip-it-1-eventstore", env)) {
                port = app.port();
                assertThat(app.send("POST", "/products", """
                        {"sku":"FLIP-1","name":"Lamp","price":{"amount":2500,"currency":"EUR"},"stock":1000}""")
                        .statusCode()).isEqualTo(201);
                String order = PackagedApp.orderJson("c-flip", "FLIP-1", 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> app.send("POST", "/orders", order).statusCode() == 202);
                for (int i = 0; i < ORDERS; i++) {
                    var placed = app.send("POST", "/orders", order);
                    assertThat(placed.statusCode()).isEqualTo(202);
                    orders.add(placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1"));
                }
            } // stopped with most of them in flight

            Map<String, String> onKafka = new HashMap<>(env);
            onKafka.put("EVENTSHOP_MODULES_SHIPPING_CHANNEL", "kafka");
            try (PackagedApp app = PackagedApp.start(postgres, port, "kafka-flip-it-2-kafka", onKafka)) {
                await().atMost(PATIENCE).until(() -> Sql.count(postgres, """
                        SELECT count(*) FROM eventstore.received_events
                         WHERE event_type = 'shipping.ShipmentScheduled.v1'""") >= 20);
                // the Kafka path hands back: it moves the in-process checkpoint while it works
                long handedOverAt = Sql.count(postgres,
                        "SELECT last_position FROM eventstore.subscriptions WHERE name = 'shipping-commands'");
                await().atMost(PATIENCE).until(() -> Sql.count(postgres,
                        "SELECT last_position FROM eventstore.subscriptions WHERE name = 'shipping-commands'")
                        > handedOverAt);
                // half of what is scheduled by now leaves the warehouse while shipping is on Kafka
                for (String id : scheduled(postgres)) {
                    if (id.hashCode() % 2 == 0) {
                        assertThat(app.send("POST", "/shipments/" + id + "/dispatch", null).statusCode()).isEqualTo(200);
                    }
                }
            }

            try (PackagedApp app = PackagedApp.start(postgres, port, "kafka-flip-it-3-eventstore", env)) {
                try {
                    await().atMost(PATIENCE).until(() -> scheduled(postgres).size() == ORDERS + 1);
                } catch (org.awaitility.core.ConditionTimeoutException lost) {
                    System.out.println("KafkaFlipIT: orders never scheduled:\n" + rows(postgres, """
                            SELECT e.stream_id, e.global_position, e.transaction_id::text, e.event_type,
                                   r.global_position AS received_at, r.transaction_id::text AS received_tx
                              FROM eventstore.events e LEFT JOIN eventstore.received_events r USING (event_id)
                             WHERE e.event_type = 'shipping.ScheduleShipmentCommand.v1'
                               AND NOT EXISTS (SELECT 1 FROM eventstore.events s
                                                WHERE s.stream_id = 'shipment-' || substr(e.stream_id, 7))""")
                            + "\nsubscriptions:\n" + rows(postgres, """
                            SELECT name, last_transaction_id::text, last_position, owner FROM eventstore.subscriptions"""));
                    throw lost;
                }
                orders = scheduled(postgres); // with the first one, placed while the price list was on its way
                for (String id : orders) {
                    if (!"SHIPPED".equals(status(app, id))) {
                        assertThat(app.send("POST", "/shipments/" + id + "/dispatch", null).statusCode()).isEqualTo(200);
                    }
                }
                List<String> all = orders;
                await().atMost(PATIENCE).untilAsserted(() -> {
                    for (String id : all) {
                        assertThat(status(app, id)).as(id).isEqualTo("SHIPPED");
                    }
                });
            }

            // once each: every effect of every hop, whichever path carried it
            for (String type : List.of("orders.OrderPlaced.v1", "orders.OrderStockReserved.v1",
                    "payments.CapturePaymentCommand.v1", "orders.OrderConfirmed.v1",
                    "shipping.ScheduleShipmentCommand.v1", "orders.OrderShipmentScheduled.v1",
                    "orders.OrderShipped.v1", "inventory.StockReserved.v1", "payments.PaymentCaptured.v1",
                    "shipping.ShipmentScheduled.v1", "shipping.ShipmentDispatched.v1")) {
                assertThat(Sql.count(postgres, "SELECT count(*) FROM eventstore.events WHERE event_type = '" + type + "'"))
                        .as(type).isEqualTo(ORDERS + 1);
            }
            assertThat(Sql.count(postgres, "SELECT count(*) FROM carrier_sandbox.bookings")).isEqualTo(ORDERS + 1);
            assertThat(Sql.count(postgres, "SELECT count(*) FROM payment_sandbox.charges")).isEqualTo(ORDERS + 1);
            assertThat(Sql.count(postgres, """
                    SELECT count(*) FROM eventstore.received_events
                     WHERE event_type IN ('shipping.ScheduleShipmentCommand.v1', 'shipping.ShipmentScheduled.v1')"""))
                    .as("some of the orders went through Kafka").isGreaterThanOrEqualTo(40);
        }
    }

    private static String status(PackagedApp app, String id) throws Exception {
        return app.send("GET", "/orders/" + id, null).body().replaceAll(".*\"status\":\"([A-Z_]+)\".*", "$1");
    }

    private static List<String> scheduled(EmbeddedPostgres postgres) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT substr(stream_id, length('shipment-') + 1) FROM eventstore.events
                         WHERE event_type = 'shipping.ShipmentScheduled.v1'""")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static String rows(EmbeddedPostgres postgres, String sql) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(rows.getString(i)).append(i == columns ? "\n" : " | ");
                }
            }
        }
        return out.toString();
    }
}
