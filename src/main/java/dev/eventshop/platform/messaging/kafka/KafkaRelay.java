package dev.eventshop.platform.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.Priority;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.messaging.SubscriptionOptions;
import dev.eventshop.platform.messaging.Subscriptions;
import dev.eventshop.platform.messaging.ReportedOutage;
import dev.eventshop.platform.messaging.UnrecoverableFailure;
import dev.eventshop.platform.modules.ChannelRoutes;
import dev.eventshop.platform.modules.PublishedStreams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Relays the events of each module whose channel is {@code kafka}, and of each module a channel on Kafka receives
 * from ({@link ChannelRoutes#relayed()}), from the event store to the module's topic: the outbox pattern, with the
 * event store as the outbox. What crosses is what the module publishes: its published events and the commands it
 * addresses to other modules, not its internal events ({@link ChannelRoutes#notRelayed}). The relay is a catch-up
 * subscription ({@code relay-<module>}): its checkpoint moves only over events the broker acknowledged
 * ({@code acks=all}, idempotent producer), so every event reaches Kafka at least once and never before its
 * transaction committed — no dual write. The record key is the stream id, so a stream's events stay in one
 * partition, in order (a stream's next event is sent only once the previous one is acknowledged); headers carry what
 * a consumer needs to dedupe and trace ({@link KafkaHeaders}). How far it got is its subscription's checkpoint in
 * {@code /admin/subscriptions}. While the broker is unreachable the relay retries and parks nothing; a record the
 * broker will never take parks its stream for an operator.
 */
@ApplicationScoped
public class KafkaRelay {

    private static final Logger LOG = Logger.getLogger(KafkaRelay.class);
    /**
     * Lanes per relay: streams are sent in parallel, each stream's events one after the other. Each lane has one record
     * in flight, waiting for the broker's acknowledgement; with 8 lanes (and each received batch waking the relays, and
     * offsets committed synchronously) shipping on Kafka confirmed 63 orders/s of 100/s on two cores, with 32 it keeps
     * up (README, Performance).
     */
    private static final int LANES = 32;
    /**
     * Errors the broker will give again however often the record is sent: the stream is parked for an operator. A
     * refused login or a missing permission is no record's fault: those are retried (no stream parked) until the
     * credentials or the ACLs are mended.
     */
    private static final List<Class<? extends Throwable>> UNRECOVERABLE = List.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidTopicException.class, SerializationException.class);

    private final Subscriptions subscriptions;
    private final ChannelRoutes routes;
    private final EventStore eventStore;
    private final KafkaBroker broker;
    private final Instance<PublishedStreams> published;
    private final KafkaClientSettings settings;
    /**
     * Sends leave the event loops: a send blocks while the producer has no metadata (no broker yet), and creating the
     * producer resolves the bootstrap hosts. The producer is created and used on this thread only.
     */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eventshop-kafka-relay");
        thread.setDaemon(true);
        return thread;
    });
    private KafkaProducer<String, byte[]> producer;
    private Map<String, Object> producerSettings;
    private volatile boolean closed;

    public KafkaRelay(Subscriptions subscriptions, ChannelRoutes routes, EventStore eventStore, KafkaBroker broker,
            Instance<PublishedStreams> published, KafkaClientSettings settings) {
        this.subscriptions = subscriptions;
        this.routes = routes;
        this.eventStore = eventStore;
        this.broker = broker;
        this.published = published;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        Set<String> relayed = routes.relayed();
        if (relayed.isEmpty()) {
            return;
        }
        producerSettings = settings.relayProducer("eventshop-relay-" + subscriptions.instanceId());
        UUID store = eventStore.storeId().await().atMost(Duration.ofSeconds(30));
        for (PublishedStreams streams : published) {
            if (!relayed.contains(streams.module())) {
                continue;
            }
            String topic = routes.topicOf(streams.module());
            SubscriptionOptions options = subscriptions.defaults("relay-" + streams.module(), streams.streamTypes())
                    .withConcurrency(LANES)
                    // a broker outage is nobody's stream's fault: retry until it is back (unrecoverable errors park)
                    .withMaxAttempts(Integer.MAX_VALUE)
                    .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(5));
            Set<String> left = routes.notRelayed(streams.module());
            // passed over at once: the lane goes on to the stream's next event without a broker round trip
            subscriptions.start(options, recorded -> left.contains(recorded.type()) ? Uni.createFrom().voidItem()
                    : send(topic, store, recorded));
            LOG.infof("Relaying the %s module's events (%s) to Kafka topic %s at %s%s", streams.module(),
                    streams.streamTypes(), topic, settings.bootstrapServers(),
                    left.isEmpty() ? "" : ", all but its internal ones " + left);
        }
    }

    /** After the subscriptions stopped (they finish the sends in hand first): then the producer goes. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        closed = true;
        sender.execute(() -> {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        });
        sender.shutdown();
    }

    private Uni<Void> send(String topic, UUID store, RecordedEvent event) {
        // stamped when sent, so the topic's retention counts from now even for an old event (its time is a header)
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, null, event.streamId(),
                event.payload().getBytes(StandardCharsets.UTF_8), new RecordHeaders(KafkaHeaders.of(event, store)));
        return Uni.createFrom().<Void>emitter(emitter -> {
            AtomicBoolean calledOff = new AtomicBoolean();
            emitter.onTermination(() -> calledOff.set(true));
            try {
                sender.execute(() -> {
                    if (calledOff.get()) {
                        return; // the attempt timed out while it waited here: the retry sends it
                    }
                    try {
                        producer().send(record, (metadata, failure) -> {
                            if (failure == null) {
                                emitter.complete(null);
                            } else {
                                emitter.fail(classified(failure));
                            }
                        });
                    } catch (RuntimeException failure) {
                        emitter.fail(classified(failure));
                    }
                });
            } catch (RejectedExecutionException stopping) {
                emitter.fail(stopping);
            }
        });
    }

    private Throwable classified(Throwable failure) {
        if (!closed && UNRECOVERABLE.stream().anyMatch(type -> type.isInstance(failure))) {
            return new UnrecoverableFailure(failure);
        }
        if (!broker.state().reachable()) {
            return new ReportedOutage(failure); // KafkaBroker says so, and readiness
        }
        return failure;
    }

    /** On the sender thread only. */
    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerSettings);
        }
        return producer;
    }
}
