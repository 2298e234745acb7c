package dev.eventshop.platform.messaging.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.eventshop.platform.modules.ChannelRoutes;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The settings of the relay's producer, the receiver's consumer and the broker check's admin client. A real broker
 * wants more than an address (TLS, SASL, client tuning): every {@code kafka.<client setting>} of the configuration
 * (the keys SmallRye Reactive Messaging passes to its Kafka clients, e.g. {@code kafka.security.protocol},
 * {@code kafka.sasl.jaas.config}, {@code kafka.tls-configuration-name}, {@code kafka.linger.ms}) reaches each client,
 * except the settings of another kind of client. What eventshop's guarantees rest on is set over it and cannot be
 * configured away: acknowledgement by all replicas and the idempotent producer, records partitioned by their key
 * (a stream's events in one partition), no producer transactions; the consumer's group, offsets committed only after
 * the events are kept, a new database reading its topics from their start, no static membership (every instance of
 * a database would claim the same member id). The settings are checked before any client starts, so a value Kafka's
 * configuration refuses stops the application with Kafka's own message instead of failing every send.
 */
@ApplicationScoped
public class KafkaClientSettings {

    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    /**
     * The relay producer's {@code linger.ms} unless {@code kafka.linger.ms} says otherwise. Each lane has one record
     * in flight and sends its stream's next one only when it is acknowledged, so every ms here is a ms per event on
     * Kafka; Kafka's own default (5) gathered more records per request but, in three alternating pairs of the
     * benchmark with shipping on Kafka, saved no measurable CPU of the application or of the broker. 0 against 1 took
     * 5 ms off the p50 to CONFIRMED with all four modules on Kafka for 0.3 ms of the broker's CPU per order (README,
     * Performance); records that arrive while a request is in flight still go together in the next one.
     */
    static final int LINGER_MS = 0;

    /**
     * Dropped whatever their value: a guarantee rests on what they would change (partitioning by key, no producer
     * transactions, no static membership, stream ids in UTF-8), or they fit one kind of client only under a name
     * both share (interceptors), or they contradict the broker's address (controllers).
     */
    private static final Set<String> NEVER = Set.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.PARTITIONER_CLASS_CONFIG, ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG,
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ProducerConfig.INTERCEPTOR_CLASSES_CONFIG,
            AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, "serializer.encoding", "key.serializer.encoding",
            "value.serializer.encoding", "deserializer.encoding", "key.deserializer.encoding",
            "value.deserializer.encoding");

    /** Every setting some kind of client knows. */
    private static final Set<String> ANY_CLIENTS = Stream.of(ProducerConfig.configNames(),
            ConsumerConfig.configNames(), AdminClientConfig.configNames()).flatMap(Set::stream).collect(Collectors.toSet());

    private final Map<String, Object> configured;

    /** @param configured every {@code kafka.*} setting, prefix removed (Quarkus's default Kafka configuration) */
    public KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> configured) {
        Map<String, Object> set = new HashMap<>();
        // a blank value (kafka.x=${X:}) is no value: the client's default holds
        configured.forEach((name, value) -> {
            if (value != null && !value.toString().isBlank()) {
                set.put(name, value);
            }
        });
        this.configured = Map.copyOf(set);
    }

    /**
     * Before the broker check, the relay and the receiver (which start at {@code PLATFORM_BEFORE} and later): a
     * failed start stops nothing that already runs.
     */
    void checkAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event,
            ChannelRoutes routes) {
        if (!routes.topics().isEmpty()) {
            relayProducer("eventshop-relay");
            receiverConsumer("eventshop");
            brokerAdmin(1_000);
        }
    }

    public String bootstrapServers() {
        Object servers = configured.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return servers == null ? DEFAULT_BOOTSTRAP_SERVERS : servers.toString();
    }

    /** The relay's producer, named {@code clientId}. */
    Map<String, Object> relayProducer(String clientId) {
        return settings("relay's producer", ProducerConfig.configNames(), ProducerConfig::new, Map.of(
                ProducerConfig.LINGER_MS_CONFIG, LINGER_MS), Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // well within the subscription's handler timeout, so an attempt fails (and is retried) on its own
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000));
    }

    /** The receiver's consumer, in consumer group {@code group}. */
    Map<String, Object> receiverConsumer(String group) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // the broker-side group protocol takes the session settings from the broker and refuses the client's
        if (!"consumer".equalsIgnoreCase(String.valueOf(configured.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)))) {
            // an instance that died hands its partitions to the others within 10 s (the client's default is 45 s)
            defaults.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            defaults.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        }
        return settings("receiver's consumer", ConsumerConfig.configNames(), ConsumerConfig::new, defaults, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a new database starts from each topic's first event: what it has not received, it never had
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
    }

    /** The broker check's admin client, whose calls give up after {@code timeoutMillis}. */
    Map<String, Object> brokerAdmin(int timeoutMillis) {
        return settings("broker check's admin client", AdminClientConfig.configNames(), AdminClientConfig::new,
                Map.of(), Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis));
    }

    /**
     * A client's settings: {@code defaults}, then what is configured, then {@code required}; checked by Kafka's own
     * parser of that kind of client ({@code parse}), so that a wrong value stops the application naming the client.
     * <p>
     * A setting only other kinds of client know (the consumer's group.id, which Quarkus gives every client; the
     * producer's acks) is left out: this client would call it unknown. One no client knows is passed on: SSL engine
     * factories and SASL callback handlers read their own settings (tls-configuration-name) from it.
     */
    private Map<String, Object> settings(String client, Set<String> known, Consumer<Map<String, Object>> parse,
            Map<String, Object> defaults, Map<String, Object> required) {
        Map<String, Object> settings = new HashMap<>(defaults);
        configured.forEach((name, value) -> {
            boolean othersOnly = ANY_CLIENTS.contains(name) && !known.contains(name);
            if (!othersOnly && !NEVER.contains(name)) {
                settings.put(name, value);
            }
        });
        settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        settings.putAll(required);
        try {
            parse.accept(settings);
        } catch (ConfigException wrong) {
            throw new IllegalStateException("The Kafka settings of the " + client + " are not valid (kafka.* in the "
                    + "configuration): " + wrong.getMessage(), wrong);
        }
        return settings;
    }
}
