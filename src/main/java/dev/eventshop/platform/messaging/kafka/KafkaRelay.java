package dev.eventshop.platform.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.SubscriptionOptions;
import dev.eventshop.platform.messaging.Subscriptions;
import dev.eventshop.platform.modules.ModulesConfig;
import dev.eventshop.platform.modules.PublishedStreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Relays the events of each module whose channel is {@code kafka} from the event store to the module's topic: the
 * outbox pattern, with the event store as the outbox. The relay is a catch-up subscription ({@code relay-<module>}):
 * its checkpoint moves only over events the broker acknowledged ({@code acks=all}, idempotent producer), so every
 * event reaches Kafka at least once and never before its transaction committed — no dual write. The record key is the
 * stream id, so a stream's events stay in one partition, in order (a stream's next event is sent only once the
 * previous one is acknowledged); headers carry what a consumer needs to dedupe and trace ({@link KafkaHeaders}).
 * The relay's backlog is its subscription's lag in {@code /admin/subscriptions}; while the broker is unreachable the
 * relay retries and nothing is parked.
 */
@ApplicationScoped
public class KafkaRelay {

    private static final Logger LOG = Logger.getLogger(KafkaRelay.class);

    private final Subscriptions subscriptions;
    private final ModulesConfig modules;
    private final Instance<PublishedStreams> published;
    private final String bootstrapServers;
    private final List<String> relayed = new ArrayList<>();
    private volatile KafkaProducer<String, byte[]> producer;
    /** Sends leave the event loop: a send may block while the producer has no metadata (no broker yet). */
    private volatile ExecutorService sender;

    public KafkaRelay(Subscriptions subscriptions, ModulesConfig modules, Instance<PublishedStreams> published,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers) {
        this.subscriptions = subscriptions;
        this.modules = modules;
        this.published = published;
        this.bootstrapServers = bootstrapServers;
    }

    /** The topic a module's events are relayed to. */
    public static String topicOf(ModulesConfig modules, String module) {
        return modules.of(module).topic().orElse("eventshop." + module + ".events");
    }

    void start(@Observes StartupEvent event) {
        for (PublishedStreams streams : published) {
            if (modules.of(streams.module()).channel() != ModulesConfig.Channel.KAFKA) {
                continue;
            }
            String topic = topicOf(modules, streams.module());
            SubscriptionOptions options = subscriptions.defaults("relay-" + streams.module(), streams.streamTypes())
                    // a broker outage is nobody's stream's fault: retry until it is back, never park
                    .withMaxAttempts(Integer.MAX_VALUE)
                    .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
            subscriptions.start(options, recorded -> send(topic, recorded));
            relayed.add(streams.module());
            LOG.infof("Relaying the %s module's events (%s) to Kafka topic %s at %s", streams.module(),
                    streams.streamTypes(), topic, bootstrapServers);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        KafkaProducer<String, byte[]> current = producer;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
        if (sender != null) {
            sender.shutdownNow();
        }
    }

    /** The modules this instance relays. */
    public List<String> relayedModules() {
        return List.copyOf(relayed);
    }

    private Uni<Void> send(String topic, RecordedEvent event) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, event.recordedAt().toEpochMilli(),
                event.streamId(), event.payload().getBytes(StandardCharsets.UTF_8),
                new RecordHeaders(KafkaHeaders.of(event)));
        return Uni.createFrom().emitter(emitter -> sender().execute(() -> {
            try {
                producer().send(record, (metadata, failure) -> {
                    if (failure == null) {
                        emitter.complete(null);
                    } else {
                        emitter.fail(failure);
                    }
                });
            } catch (RuntimeException failure) {
                emitter.fail(failure);
            }
        }));
    }

    private synchronized ExecutorService sender() {
        if (sender == null) {
            sender = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "eventshop-kafka-relay");
                thread.setDaemon(true);
                return thread;
            });
        }
        return sender;
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.CLIENT_ID_CONFIG, "eventshop-relay-" + subscriptions.instanceId(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 1,
                    // bounded, so a delivery attempt fails (and is retried) rather than hangs while the broker is away
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }
}
