package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventLog;

/**
 * How one subscription reads, retries and spreads its work.
 *
 * @param name the durable subscription name: its checkpoint, lease, inbox and parked events are kept under it
 * @param streamTypes the stream types it receives; all when empty
 * @param concurrency how many events it handles at once. Events are split into this many lanes by stream id, so
 *            one stream's events are still handled one after the other, in order
 * @param eventTypes the event types handed to the handler; all when empty. The others are read and passed over
 *            (the checkpoint moves past them) without a delivery
 * @param handlerTimeout how long one delivery may take before it counts as a failed attempt
 * @param log where it reads: the events appended here, or those received from Kafka
 * @param readTypes of the event types delivered, those the handler reads (its module's consumer contract); empty when
 *            not declared, and then every delivered type counts as read. Another version of one of them than the
 *            delivered one parks its stream ({@link #isUnreadableVersion})
 */
public record SubscriptionOptions(String name, List<String> streamTypes, int batchSize, int maxAttempts,
        Duration initialBackoff, Duration maxBackoff, Duration leaseTtl, Duration leaseRenewInterval,
        Duration pollInterval, int concurrency, Set<String> eventTypes, Duration handlerTimeout, EventLog log,
        Set<String> readTypes) {

    public SubscriptionOptions {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a subscription needs a name");
        }
        streamTypes = streamTypes.stream().distinct().toList();
        eventTypes = Set.copyOf(eventTypes);
        readTypes = Set.copyOf(readTypes);
        if (batchSize < 1 || maxAttempts < 1 || concurrency < 1) {
            throw new IllegalArgumentException("batch size, max attempts and concurrency must be at least 1");
        }
        if (log == null) {
            throw new IllegalArgumentException("a subscription reads a log");
        }
        if (handlerTimeout == null || handlerTimeout.isNegative() || handlerTimeout.isZero()) {
            throw new IllegalArgumentException("the handler timeout must be positive");
        }
        if (!leaseRenewInterval.minus(leaseTtl).isNegative()) {
            throw new IllegalArgumentException("the lease renew interval must be shorter than the lease TTL");
        }
    }

    public static SubscriptionOptions defaults(String name, List<String> streamTypes, SubscriptionsConfig config) {
        return new SubscriptionOptions(name, streamTypes, config.batchSize(), config.maxAttempts(),
                config.initialBackoff(), config.maxBackoff(), config.leaseTtl(), config.leaseRenewInterval(),
                config.pollInterval(), 1, Set.of(), config.handlerTimeout(), EventLog.EVENTS, Set.of());
    }

    /**
     * The lane of a stream: the same for every event of the stream, whichever instance computes it
     * ({@link String#hashCode()} is fixed by the language specification).
     */
    public int laneOf(String streamId) {
        return Math.floorMod(streamId.hashCode(), concurrency);
    }

    public SubscriptionOptions withMaxAttempts(int attempts) {
        return new SubscriptionOptions(name, streamTypes, batchSize, attempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, handlerTimeout, log, readTypes);
    }

    public SubscriptionOptions withBatchSize(int size) {
        return new SubscriptionOptions(name, streamTypes, size, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, handlerTimeout, log, readTypes);
    }

    public SubscriptionOptions withBackoff(Duration initial, Duration max) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initial, max, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, handlerTimeout, log, readTypes);
    }

    public SubscriptionOptions withEventTypes(Set<String> types) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, types, handlerTimeout, log, readTypes);
    }

    public SubscriptionOptions withHandlerTimeout(Duration timeout) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, timeout, log, readTypes);
    }

    public SubscriptionOptions withName(String other) {
        return new SubscriptionOptions(other, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, handlerTimeout, log, readTypes);
    }

    public SubscriptionOptions withLog(EventLog other) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, handlerTimeout, other, readTypes);
    }

    /** Whether it reads streams of this type. */
    public boolean reads(String streamType) {
        return streamTypes.isEmpty() || streamTypes.contains(streamType);
    }

    /**
     * Whether the handler gets this event; the others are passed over. Another version of an event the handler reads
     * is not passed over: it is handed on to be parked ({@link #isUnreadableVersion}), never silently dropped.
     */
    public boolean delivers(String eventType) {
        return eventTypes.isEmpty() || eventTypes.contains(eventType) || isUnreadableVersion(eventType);
    }

    /**
     * Whether this is a version of an event the handler reads that this build does not read: a newer one (a
     * publisher running a newer build than this consumer, e.g. a module on Kafka in another process) or an older one
     * that no upcaster brings to the delivered version (events are read through the upcasters before they get here).
     */
    public boolean isUnreadableVersion(String eventType) {
        if (eventTypes.isEmpty() || eventTypes.contains(eventType)) {
            return false;
        }
        return readVersions(eventType).findAny().isPresent();
    }

    /** The delivered versions the handler reads of the event that {@code eventType} names, in version order. */
    public List<String> readVersionsOf(String eventType) {
        return readVersions(eventType).sorted(EventCodec.BY_VERSION).toList();
    }

    private Stream<String> readVersions(String eventType) {
        int at = eventType.lastIndexOf(".v");
        if (at < 0) {
            return Stream.empty();
        }
        // a scan of a channel's few names, only for events not delivered as they are
        return (readTypes.isEmpty() ? eventTypes : readTypes).stream()
                .filter(type -> type.length() > at + 2 && type.lastIndexOf(".v") == at
                        && type.regionMatches(0, eventType, 0, at + 2) && eventTypes.contains(type));
    }

    public SubscriptionOptions withReadTypes(Set<String> types) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, concurrency, eventTypes, handlerTimeout, log, types);
    }

    public SubscriptionOptions withConcurrency(int lanes) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval, lanes, eventTypes, handlerTimeout, log, readTypes);
    }
}
