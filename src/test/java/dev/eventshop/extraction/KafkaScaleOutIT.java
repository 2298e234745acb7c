package dev.eventshop.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.devkafka.EmbeddedKafkaLauncher;
import dev.eventshop.testing.KafkaTopics;
import dev.eventshop.testing.PackagedApp;
import dev.eventshop.testing.Sql;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Two instances of the packaged app on one database with shipping on Kafka share the topics' partitions (one consumer
 * group per database); one is killed mid-flow, the other takes its partitions and its leases, and every order is
 * shipped once.
 */
class KafkaScaleOutIT {

    private static final Pattern ASSIGNED = Pattern.compile("Receiving from partitions \\[([^\\]]*)\\]");
    private static final int PARTITIONS = 16; // two topics of 8
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void twoInstancesSharePartitionsAndTheSurvivorTakesOverWithNothingLostOrDoubled() throws Exception {
        String kafka = EmbeddedKafkaLauncher.ensureStarted();
        Map<String, String> env = new java.util.HashMap<>(KafkaTopics.ownTopics("scale-out-it"));
        env.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka,
                "EVENTSHOP_MODULES_SHIPPING_CHANNEL", "kafka",
                "EVENTSHOP_SUBSCRIPTIONS_LEASE_TTL", "3s",
                "EVENTSHOP_SUBSCRIPTIONS_LEASE_RENEW_INTERVAL", "500ms"));
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start();
                PackagedApp first = PackagedApp.start(postgres, "kafka-scale-out-it-1", env);
                PackagedApp second = PackagedApp.start(postgres, "kafka-scale-out-it-2", env)) {
            await().atMost(PATIENCE).until(() -> {
                List<String> one = lastAssignment("kafka-scale-out-it-1");
                List<String> two = lastAssignment("kafka-scale-out-it-2");
                return !one.isEmpty() && !two.isEmpty() && one.size() + two.size() == PARTITIONS
                        && one.stream().noneMatch(two::contains);
            });

            assertThat(first.send("POST", "/products", """
                    {"sku":"SCALE-1","name":"Desk","price":{"amount":9900,"currency":"EUR"},"stock":1000}""")
                    .statusCode()).isEqualTo(201);
            String order = PackagedApp.orderJson("c-scale", "SCALE-1", 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> first.send("POST", "/orders", order).statusCode() == 202);
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                PackagedApp via = i % 2 == 0 ? first : second;
                var placed = via.send("POST", "/orders", order);
                assertThat(placed.statusCode()).isEqualTo(202);
                orders.add(placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1"));
            }
            first.kill(); // mid-flow: no clean shutdown, its partitions and leases are left to expire

            await().atMost(PATIENCE).until(() -> lastAssignment("kafka-scale-out-it-2").size() == PARTITIONS);
            await().atMost(PATIENCE).until(() -> Sql.count(postgres,
                    "SELECT count(*) FROM eventstore.events WHERE event_type = 'orders.OrderShipmentScheduled.v1'")
                    == orders.size() + 1);
            for (String type : List.of("shipping.ScheduleShipmentCommand.v1", "shipping.ShipmentScheduled.v1",
                    "orders.OrderShipmentScheduled.v1", "payments.PaymentCaptured.v1")) {
                assertThat(Sql.count(postgres, "SELECT count(*) FROM eventstore.events WHERE event_type = '" + type + "'"))
                        .as(type).isEqualTo(orders.size() + 1);
            }
            assertThat(Sql.count(postgres, "SELECT count(*) FROM carrier_sandbox.bookings")).isEqualTo(orders.size() + 1);
            assertThat(Sql.count(postgres, "SELECT count(*) FROM payment_sandbox.charges")).isEqualTo(orders.size() + 1);
        }
    }

    /** The partitions an instance was given last, from its log. */
    private static List<String> lastAssignment(String logName) throws Exception {
        Path log = Path.of("target/" + logName + ".log");
        if (!Files.exists(log)) {
            return List.of();
        }
        Matcher matcher = ASSIGNED.matcher(Files.readString(log));
        String last = null;
        while (matcher.find()) {
            last = matcher.group(1);
        }
        return last == null || last.isBlank() ? List.of() : List.of(last.split(",\\s*"));
    }
}
