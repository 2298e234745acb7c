package dev.eventshop.platform.messaging.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ReceivedEvent;
import dev.eventshop.platform.modules.ChannelRoutes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.pgclient.PgException;

/**
 * Receives the events that reach this process's modules through Kafka and keeps them in the received log
 * ({@code eventstore.received_events}), which the channels on Kafka read with the same catch-up subscriptions as the
 * event store: retries, parking per stream, leases and the inbox work the same on both paths.
 * <p>
 * One consumer per database (group {@code eventshop-<store id>}): instances sharing a database share the topics'
 * partitions, and a database of its own (an extracted module) gets every event. A polled batch is inserted in one
 * transaction, each event once (by id), and its offsets are committed only after that, at most once a second and
 * before partitions are revoked or the receiver stops: a crash or a lost partition receives those records again and
 * inserts nothing twice. A failed insert seeks back and tries the batch again, so nothing is lost and the partitions
 * keep their order; writers of one partition (an old and a new owner around a rebalance) take turns. A record that
 * is no eventshop event, or that PostgreSQL refuses, is set aside in {@code eventstore.received_rejects} with an
 * ERROR line. A consumer that fails is made anew after a pause.
 */
@ApplicationScoped
public class KafkaReceiver {

    private static final Logger LOG = Logger.getLogger(KafkaReceiver.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration RESTART = Duration.ofSeconds(5);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();
    /**
     * Offsets are committed at most this often, not after every batch: at a few records per poll a commit per batch is
     * a request and a write to {@code __consumer_offsets} on the broker for every record or two. What is not committed
     * yet is received again after a crash or a lost partition and inserts nothing (README, Performance, "Fewer
     * offset commits").
     */
    private static final long COMMIT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final ChannelRoutes routes;
    private final EventStore store;
    private final KafkaClientSettings settings;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Map<String, Object> consumerSettings;
    private volatile Thread thread;
    private volatile boolean running;
    private long lastWarnNanos;
    private long lastCommitWarnNanos;
    /*
     * Per partition this consumer owns: the offset after the last record kept, and the highest offset the broker
     * confirmed as committed. A commit sends the partitions where the first is ahead, so a failed commit is tried again
     * by the next one and no late callback can move the group's offset back. Used on the receiver's thread only: the
     * rebalance and commit callbacks run inside the consumer's calls.
     */
    private final Map<TopicPartition, Long> kept = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastCommitNanos = System.nanoTime() - COMMIT_INTERVAL_NANOS;

    public KafkaReceiver(ChannelRoutes routes, EventStore store, KafkaClientSettings settings) {
        this.routes = routes;
        this.store = store;
        this.settings = settings;
    }

    void start(@Observes StartupEvent event) {
        Set<String> topics = routes.receivedTopics();
        if (topics.isEmpty()) {
            return;
        }
        UUID storeId = store.storeId().await().atMost(Duration.ofSeconds(30));
        String group = "eventshop-" + storeId;
        consumerSettings = settings.receiverConsumer(group);
        running = true;
        thread = new Thread(() -> run(topics, group), "eventshop-kafka-receiver");
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Receiving %s from Kafka at %s (consumer group %s)", topics, settings.bootstrapServers(), group);
    }

    /** After the subscriptions stopped: nothing reads the received log any more. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread running = thread;
        if (running != null) {
            try {
                running.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Receives until stopped; a consumer that fails is closed and made anew, after a pause. */
    private void run(Set<String> topics, String group) {
        while (running) {
            try {
                receive(topics, group);
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException | LinkageError | AssertionError failure) {
                if (!running) {
                    return;
                }
                LOG.errorf(failure, "Receiving from Kafka failed; starting the consumer again in %d s",
                        RESTART.toSeconds());
                sleep(RESTART);
            }
        }
    }

    private void receive(Set<String> topics, String group) {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerSettings)) {
            consumer = kafka;
            kept.clear();
            committed.clear();
            if (!running) {
                return;
            }
            kafka.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    LOG.debugf("Partitions revoked: %s", partitions);
                    // the next owner, maybe this one again, starts where this one got to, not a second earlier
                    commitNow(kafka, partitions);
                    forget(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    LOG.debugf("Partitions lost: %s", partitions);
                    // already another member's: the next owner's inserts find the rows this one kept
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("Receiving from partitions %s", partitions);
                }
            });
            try {
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                    if (!records.isEmpty() && !keep(kafka, records)) {
                        sleep(RETRY);
                    }
                    commitWhenDue(kafka);
                }
            } finally {
                if (!running) {
                    commitNow(kafka, Set.copyOf(kept.keySet()));
                }
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Inserts a polled batch and notes its offsets for the next commit; false (after seeking back) when it must be
     * tried again.
     */
    private boolean keep(KafkaConsumer<String, byte[]> kafka, ConsumerRecords<String, byte[]> records) {
        List<ReceivedEvent> batch = new ArrayList<>(records.count());
        Map<TopicPartition, Long> next = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            first.putIfAbsent(partition, record.offset());
            next.put(partition, record.offset() + 1);
            try {
                batch.add(new ReceivedEvent(KafkaHeaders.event(record.headers(), record.key(), record.value()),
                        record.topic(), record.partition(), record.offset()));
            } catch (IllegalArgumentException foreign) {
                reject(record, foreign.getMessage());
            }
        }
        try {
            // never given up on while it may still commit: the session's statement timeout bounds it
            insert(batch);
            kept.putAll(next);
            return true;
        } catch (WakeupException stopping) {
            throw stopping;
        } catch (RuntimeException failure) {
            // not kept: read the batch again
            first.forEach(kafka::seek);
            long now = System.nanoTime();
            if (now - lastWarnNanos > WARN_INTERVAL_NANOS) {
                lastWarnNanos = now;
                LOG.warnf("Could not keep %d events received from Kafka (%s); trying again", batch.size(),
                        failure.getMessage());
            }
            return false;
        }
    }

    /**
     * Commits the kept offsets once {@link #COMMIT_INTERVAL_NANOS} has passed since the last commit, without waiting:
     * an offset not committed (a crash, a lost partition, a failed commit) means records received again, which insert
     * nothing (ON CONFLICT on the event id).
     */
    private void commitWhenDue(KafkaConsumer<String, byte[]> kafka) {
        long now = System.nanoTime();
        if (now - lastCommitNanos < COMMIT_INTERVAL_NANOS) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = ahead(kept.keySet());
        if (offsets.isEmpty()) {
            return;
        }
        lastCommitNanos = now;
        kafka.commitAsync(offsets, (done, failed) -> {
            if (failed == null) {
                confirmed(done);
            } else {
                warnNotCommitted(failed); // the next commit sends these partitions again
            }
        });
    }

    /**
     * Commits the kept offsets of {@code partitions} and waits: before partitions go in a rebalance, or at stop. A
     * wakeup meant for the poll may still be pending here; it fires once, so the commit is tried again.
     */
    private void commitNow(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = ahead(partitions);
        for (int attempt = 1; !offsets.isEmpty(); attempt++) {
            try {
                kafka.commitSync(offsets, COMMIT_TIMEOUT);
                confirmed(offsets);
                return;
            } catch (WakeupException stopping) {
                if (attempt == 2) {
                    return;
                }
            } catch (InterruptException interrupted) {
                return; // the flag is set again: the next poll fails and the consumer is made anew
            } catch (RuntimeException failed) {
                warnNotCommitted(failed);
                return;
            }
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> ahead(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            Long offset = kept.get(partition);
            if (offset != null && offset > committed.getOrDefault(partition, -1L)) {
                offsets.put(partition, new OffsetAndMetadata(offset));
            }
        }
        return offsets;
    }

    /** Only for partitions still owned: a late callback of a partition gone must not count for a later owning. */
    private void confirmed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, offset) -> {
            if (kept.containsKey(partition)) {
                committed.merge(partition, offset.offset(), Math::max);
            }
        });
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            kept.remove(partition);
            committed.remove(partition);
        });
    }

    private void warnNotCommitted(Exception failed) {
        long now = System.nanoTime();
        if (now - lastCommitWarnNanos > WARN_INTERVAL_NANOS) {
            lastCommitWarnNanos = now;
            LOG.warnf("Offsets of events kept from Kafka not committed (%s): after a restart or a rebalance "
                    + "those records are received again and insert nothing", failed.getMessage());
        }
    }

    /**
     * Inserts the batch; when PostgreSQL refuses its data, one by one, so that a record it will never take is set
     * aside instead of holding up its partition for good.
     */
    private void insert(List<ReceivedEvent> batch) {
        try {
            store.receive(batch).await().indefinitely();
            return;
        } catch (PgException refused) {
            if (!refusesData(refused) || batch.size() == 1) {
                throw refused;
            }
        }
        for (ReceivedEvent one : batch) {
            try {
                store.receive(List.of(one)).await().indefinitely();
            } catch (PgException refused) {
                if (!refusesData(refused)) {
                    throw refused;
                }
                store.reject(one.topic(), one.partition(), one.offset(), one.event().streamId(),
                        one.event().payload().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        refused.getSqlState() + ": " + refused.getErrorMessage()).await().indefinitely();
                LOG.errorf("Set aside record %s-%d@%d (event %s): %s; see eventstore.received_rejects", one.topic(),
                        one.partition(), one.offset(), one.event().eventId(), refused.getErrorMessage());
            }
        }
    }

    /** Data exceptions (class 22) and integrity violations (class 23): the same record fails again every time. */
    private static boolean refusesData(PgException failure) {
        String state = failure.getSqlState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private void reject(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.errorf("Set aside record %s-%d@%d: %s; see eventstore.received_rejects", record.topic(),
                record.partition(), record.offset(), reason);
        store.reject(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason)
                .await().indefinitely();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
