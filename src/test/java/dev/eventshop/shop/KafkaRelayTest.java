package dev.eventshop.shop;

import static dev.eventshop.shop.Shop.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.kafka.KafkaHeaders;
import dev.eventshop.platform.modules.ChannelRoutes;
import dev.eventshop.testing.EmbeddedKafkaResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * With shipping's channel flipped to {@code kafka}, every shipping event reaches the topic {@code
 * eventshop.shipping.events} from the event store: keyed by its stream, in the stream's order, once each, with its
 * id, type, correlation and causation in headers — and only after it committed. What shipping consumes (the orders
 * module's commands) and what consumes shipping (the order saga) cross Kafka too, through the received log, and a
 * record received twice changes nothing.
 */
@QuarkusTest
@TestProfile(KafkaRelayTest.ShippingOnKafka.class)
class KafkaRelayTest {

    public static class ShippingOnKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventshop.modules.shipping.channel", "kafka");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(EmbeddedKafkaResource.class));
        }
    }

    @Inject
    Pool pool;

    @Inject
    EventStore store;

    @Inject
    ChannelRoutes routes;

    private static final String RELAY = "relay-shipping";
    private static final String ORDERS_SHIPPING = "orders-shipping@kafka";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void shippingEventsReachTheirTopicKeyedByStreamInOrderWithTheirIds() {
        String orderId = scheduledOrder("c-kafka");
        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(200);
        given().post("/shipments/{id}/deliver", orderId).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> "DELIVERED".equals(
                given().get("/orders/{id}", orderId).then().extract().path("status")));

        String stream = "shipment-" + orderId;
        List<RecordedEvent> stored = store.readStream(stream).await().atMost(TIMEOUT);
        assertThat(stored).extracting(RecordedEvent::type).containsExactly("shipping.ShipmentScheduled.v1",
                "shipping.ShipmentDispatched.v1", "shipping.ShipmentDelivered.v1");

        List<ConsumerRecord<String, byte[]>> relayed = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromTheStart()) {
            consumer.subscribe(List.of("eventshop.shipping.events"));
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (stream.equals(record.key())) {
                        relayed.add(record);
                    }
                });
                return relayed.size() >= stored.size();
            });
            // a little longer: nothing more (no event twice) shows up for this stream
            consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                if (stream.equals(record.key())) {
                    relayed.add(record);
                }
            });
        }

        assertThat(relayed).extracting(record -> header(record, KafkaHeaders.EVENT_ID))
                .as("each of the stream's events once, in the stream's order")
                .containsExactlyElementsOf(stored.stream().map(event -> event.eventId().toString()).toList());
        assertThat(relayed).extracting(ConsumerRecord::partition).as("one stream, one partition").containsOnly(
                relayed.get(0).partition());
        for (int i = 0; i < stored.size(); i++) {
            ConsumerRecord<String, byte[]> record = relayed.get(i);
            RecordedEvent event = stored.get(i);
            assertThat(header(record, KafkaHeaders.EVENT_TYPE)).isEqualTo(event.type());
            assertThat(header(record, KafkaHeaders.STREAM_VERSION)).isEqualTo(Long.toString(event.streamVersion()));
            assertThat(header(record, KafkaHeaders.CORRELATION_ID)).isEqualTo(orderId);
            assertThat(header(record, KafkaHeaders.MODULE)).isEqualTo("shipping");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event.payload());
        }
        assertThat(header(relayed.get(0), KafkaHeaders.CAUSATION_ID)).as("caused by the order's command").isNotNull();
        given().get("/admin/subscriptions/{name}", "relay-shipping").then().statusCode(200);
    }

    @Test
    void shippingReceivesItsCommandsAndOrdersItsAnswersThroughKafka() {
        String orderId = scheduledOrder("c-kafka-path");
        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> "SHIPPED".equals(
                given().get("/orders/{id}", orderId).then().extract().path("status")));

        assertThat(rows("SELECT event_type FROM eventstore.received_events WHERE stream_id = $1 ORDER BY global_position",
                "order-" + orderId)).as("the order's events reached shipping from its topic")
                .contains("shipping.ScheduleShipmentCommand.v1");
        // once the relay has passed the order's last event, whatever it sent of the stream is on the topic
        List<String> stored = store.readStream("order-" + orderId).await().atMost(TIMEOUT).stream()
                .map(RecordedEvent::type).toList();
        await().atMost(TIMEOUT).until(() -> relayPassed("relay-orders", "order-" + orderId,
                stored.get(stored.size() - 1)));
        Set<String> internal = routes.notRelayed("orders");
        assertThat(internal).contains("orders.OrderStockReserved.v1", "orders.OrderShipmentScheduled.v1")
                .doesNotContain("orders.OrderPlaced.v1", "shipping.ScheduleShipmentCommand.v1");
        assertThat(stored).contains("orders.OrderStockReserved.v1", "orders.OrderShipmentScheduled.v1");
        assertThat(topicTypes("eventshop.orders.events", "order-" + orderId))
                .as("what orders publishes, in the stream's order; its internal events stay in the event store")
                .containsExactlyElementsOf(stored.stream().filter(type -> !internal.contains(type)).toList());
        assertThat(rows("SELECT event_type FROM eventstore.received_events WHERE stream_id = $1 ORDER BY global_position",
                "shipment-" + orderId)).as("shipping's answers reached orders from its topic, in order")
                .containsExactly("shipping.ShipmentScheduled.v1", "shipping.ShipmentDispatched.v1");
        assertThat(rows("SELECT name FROM eventstore.subscriptions WHERE name LIKE $1 AND owner IS NOT NULL ORDER BY name",
                "%shipping%")).as("the channels to and from shipping read the received log; their in-process "
                        + "subscriptions are not worked")
                .contains("orders-shipping@kafka", "shipping-commands@kafka")
                .doesNotContain("orders-shipping", "shipping-commands");
        ShopInvariants.awaitHold(pool);
    }

    @Test
    void recordsReceivedTwiceChangeNothing() {
        String orderId = scheduledOrder("c-kafka-twice");
        // the flow has come to rest: the relay has passed the order's last event so far and nothing is pending
        await().atMost(TIMEOUT).until(() -> relayPassed("relay-orders", "order-" + orderId,
                "orders.OrderShipmentScheduled.v1"));
        awaitReceiverCaughtUp();
        List<String> shipmentBefore = rows("SELECT event_type FROM eventstore.events WHERE stream_id = $1",
                "shipment-" + orderId);

        // every record of both topics a second time, as a consumer sees them after an offset reset
        int copied = 0;
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromTheStart();
                KafkaProducer<String, byte[]> producer = producer()) {
            consumer.subscribe(List.of("eventshop.orders.events", "eventshop.shipping.events"));
            List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                return all.stream().anyMatch(record -> ("shipment-" + orderId).equals(record.key()));
            });
            for (ConsumerRecord<String, byte[]> record : all) {
                producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                        record.headers()));
                ids.add(UUID.fromString(header(record, KafkaHeaders.EVENT_ID)));
                copied++;
            }
            producer.flush();
        }
        assertThat(copied).isGreaterThanOrEqualTo(4);
        awaitReceiverCaughtUp();

        assertThat(pool.preparedQuery("SELECT count(*) FROM eventstore.received_events WHERE event_id = ANY($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new))).await().atMost(TIMEOUT).iterator().next().getLong(0))
                .as("each record received twice is kept once").isEqualTo(ids.size());
        assertThat(rows("SELECT event_type FROM eventstore.events WHERE stream_id = $1", "shipment-" + orderId))
                .isEqualTo(shipmentBefore);
        given().post("/shipments/{id}/dispatch", orderId).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> "SHIPPED".equals(
                given().get("/orders/{id}", orderId).then().extract().path("status")));
        ShopInvariants.awaitHold(pool);
    }

    /**
     * Shipping runs a newer build elsewhere, one that added an optional field to {@code ShipmentDispatched.v1} (the one
     * change a version allows, modules.md "Evolving an event"): orders, on this build, reads the record with a field
     * it has never heard of and moves the order on, as the publisher meant.
     */
    @Test
    void aRecordOfANewerPublisherWithAnAddedOptionalFieldIsReadByThisBuild() throws Exception {
        String orderId = scheduledOrder("c-kafka-newer-build");
        // this build's relay held back: the dispatch reaches Kafka only as the newer build publishes it
        given().post("/admin/subscriptions/{name}/pause", RELAY).then().statusCode(200);
        RecordedEvent dispatched;
        try {
            given().post("/shipments/{id}/dispatch", orderId).then().statusCode(200);
            dispatched = store.readStream("shipment-" + orderId).await().atMost(TIMEOUT).stream()
                    .filter(event -> event.type().equals("shipping.ShipmentDispatched.v1")).findFirst().orElseThrow();
            ObjectNode newer = (ObjectNode) new ObjectMapper().readTree(dispatched.payload());
            newer.put("handedTo", "the neighbour at no. 12");
            publish(dispatched.streamId(), dispatched.type(), dispatched.eventId(), dispatched.streamVersion(),
                    newer.toString(), dispatched.metadata().correlationId());

            await().atMost(TIMEOUT).until(() -> "SHIPPED".equals(Shop.status(orderId)));
            assertThat(rows("SELECT payload::text FROM eventstore.received_events WHERE stream_id = $1 AND event_id = '"
                    + dispatched.eventId() + "'", dispatched.streamId()))
                    .as("orders read the newer build's record, the one it kept").singleElement().asString()
                    .contains("handedTo");
        } finally {
            given().post("/admin/subscriptions/{name}/resume", RELAY).then().statusCode(200);
        }
        // this build's own record of the same event follows, and is the one already kept: nothing happens twice
        await().atMost(TIMEOUT).until(() -> given().get("/admin/subscriptions/{name}", RELAY).then().extract()
                .<Integer>path("lag") == 0);
        awaitReceiverCaughtUp();
        given().get("/orders/{id}", orderId).then().body("history.type", hasItem("OrderShipped"));
        assertThat(given().get("/orders/{id}", orderId).then().extract().<List<String>>path("history.type"))
                .filteredOn("OrderShipped"::equals).hasSize(1);
        ShopInvariants.awaitHold(pool);
    }

    /**
     * A version of an event that this build does not know yet, from a publisher on a newer build: the consuming
     * channel parks the stream with the reason and what to do; the event is never passed over unseen.
     */
    @Test
    void anUnknownNewerVersionFromKafkaParksItsStreamWithTheReason() {
        String stream = "shipment-" + UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        publish(stream, "shipping.ShipmentDispatched.v2", eventId, 1,
                "{\"orderId\":\"" + stream.substring("shipment-".length()) + "\",\"parcel\":{\"tracking\":\"T-2\"}}",
                stream);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<Map<String, Object>> parked = given().get("/admin/subscriptions/{name}/parked", ORDERS_SHIPPING)
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(parked).filteredOn(entry -> eventId.toString().equals(entry.get("eventId"))).singleElement()
                    .satisfies(entry -> {
                        assertThat(entry.get("status")).isEqualTo("PARKED");
                        assertThat(entry.get("eventType")).isEqualTo("shipping.ShipmentDispatched.v2");
                        assertThat((String) entry.get("lastError")).contains("a newer version than this build reads")
                                .contains("shipping.ShipmentDispatched.v1").contains("deploy a build that reads it");
                    });
        });
        // the operator's way out once no build will read it
        given().contentType(ContentType.JSON).body("{\"reason\":\"test: a v2 no build reads\"}")
                .post("/admin/subscriptions/{name}/parked/{id}/skip", ORDERS_SHIPPING, eventId).then().statusCode(200)
                .body("status", equalTo("SKIPPED"));
    }

    /** A record as a publisher in another process relays it: no store of this deployment in its headers. */
    private void publish(String stream, String type, UUID eventId, long version, String payload, String correlation) {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>("eventshop.shipping.events", stream,
                    payload.getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = Map.of(KafkaHeaders.EVENT_ID, eventId.toString(), KafkaHeaders.EVENT_TYPE,
                    type, KafkaHeaders.STREAM_TYPE, "shipping.shipment", KafkaHeaders.STREAM_VERSION,
                    Long.toString(version), KafkaHeaders.CORRELATION_ID, correlation, KafkaHeaders.MODULE, "shipping",
                    KafkaHeaders.OCCURRED_AT, java.time.Instant.now().toString());
            headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    /** An order of one item of a new product, once shipping has scheduled its shipment. */
    private String scheduledOrder(String customerId) {
        String sku = Shop.newSku();
        Shop.addProduct(pool, sku, 500, 5);
        String orderId = Shop.placeOrder(Shop.order(customerId, sku, 1));
        await().atMost(TIMEOUT).until(() -> "SCHEDULED".equals(
                given().get("/shipments/{id}", orderId).then().extract().path("status")));
        return orderId;
    }

    /** Whether the relay's stored checkpoint has passed the stream's event of this type. */
    private boolean relayPassed(String relay, String stream, String type) {
        return pool.preparedQuery("""
                SELECT count(*) FROM eventstore.events e, eventstore.subscriptions s
                 WHERE s.name = $1 AND e.stream_id = $2 AND e.event_type = $3
                   AND (e.transaction_id, e.global_position) <= (s.last_transaction_id, s.last_position)""")
                .execute(Tuple.of(relay, stream, type)).await().atMost(TIMEOUT).iterator().next().getLong(0) > 0;
    }

    /** The event types of a stream's records on a topic, from its first record to its end as of now. */
    private List<String> topicTypes(String topic, String stream) {
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumerFromTheStart()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (stream.equals(record.key())) {
                        types.add(header(record, KafkaHeaders.EVENT_TYPE));
                    }
                });
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
        }
        return types;
    }

    /** A consumer of its own group that reads the topics from their first record and commits nothing. */
    private KafkaConsumer<String, byte[]> consumerFromTheStart() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "relay-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Until this deployment's receiver has committed every record on its topics: nothing is left in flight. */
    private void awaitReceiverCaughtUp() {
        String group = "eventshop-" + store.storeId().await().atMost(TIMEOUT);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(TIMEOUT).until(() -> caughtUp(admin, group));
        }
    }

    /** Whether the receiver's group has committed up to the end of every partition it reads. */
    private static boolean caughtUp(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        return !committed.isEmpty() && committed.entrySet().stream()
                .allMatch(entry -> entry.getValue().offset() >= ends.get(entry.getKey()).offset());
    }

    private List<String> rows(String sql, String arg) {
        List<String> values = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(arg)).await().atMost(TIMEOUT)
                .forEach(row -> values.add(row.getString(0)));
        return values;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
