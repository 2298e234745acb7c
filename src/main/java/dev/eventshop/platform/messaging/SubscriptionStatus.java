package dev.eventshop.platform.messaging;

import java.time.Instant;

/**
 * What an operator sees of a subscription.
 *
 * @param lag events in the store past the checkpoint, counting those of other stream types too (an upper bound)
 */
public record SubscriptionStatus(String name, String owner, Instant leaseExpiresAt, boolean paused,
        long lastTransactionId, long lastPosition, long lag, long parked, Instant updatedAt) {
}
