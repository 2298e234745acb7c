package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.List;

/**
 * How one subscription reads and retries.
 *
 * @param name the durable subscription name: its checkpoint, lease, inbox and parked events are kept under it
 * @param streamTypes the stream types it receives; all when empty
 */
public record SubscriptionOptions(String name, List<String> streamTypes, int batchSize, int maxAttempts,
        Duration initialBackoff, Duration maxBackoff, Duration leaseTtl, Duration leaseRenewInterval,
        Duration pollInterval) {

    public SubscriptionOptions {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a subscription needs a name");
        }
        streamTypes = streamTypes.stream().distinct().toList();
        if (batchSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("batch size and max attempts must be at least 1");
        }
        if (!leaseRenewInterval.minus(leaseTtl).isNegative()) {
            throw new IllegalArgumentException("the lease renew interval must be shorter than the lease TTL");
        }
    }

    public static SubscriptionOptions defaults(String name, List<String> streamTypes, SubscriptionsConfig config) {
        return new SubscriptionOptions(name, streamTypes, config.batchSize(), config.maxAttempts(),
                config.initialBackoff(), config.maxBackoff(), config.leaseTtl(), config.leaseRenewInterval(),
                config.pollInterval());
    }

    public SubscriptionOptions withMaxAttempts(int attempts) {
        return new SubscriptionOptions(name, streamTypes, batchSize, attempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval);
    }

    public SubscriptionOptions withBatchSize(int size) {
        return new SubscriptionOptions(name, streamTypes, size, maxAttempts, initialBackoff, maxBackoff, leaseTtl,
                leaseRenewInterval, pollInterval);
    }

    public SubscriptionOptions withBackoff(Duration initial, Duration max) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initial, max, leaseTtl,
                leaseRenewInterval, pollInterval);
    }

    public SubscriptionOptions withLease(Duration ttl, Duration renewInterval) {
        return new SubscriptionOptions(name, streamTypes, batchSize, maxAttempts, initialBackoff, maxBackoff, ttl,
                renewInterval, pollInterval);
    }
}
