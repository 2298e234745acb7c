package dev.eventshop.platform.messaging;

import java.time.Instant;

/**
 * What an operator sees of a subscription.
 *
 * @param lag events the subscription has still to pass: of its own stream and event types when this instance works
 *        it (as {@code eventshop_subscription_lag}, up to 100,000), else every event past the checkpoint, those of
 *        other stream types too (an upper bound)
 */
public record SubscriptionStatus(String name, String owner, Instant leaseExpiresAt, boolean paused,
        long lastTransactionId, long lastPosition, long lag, long parked, Instant updatedAt) {

    public SubscriptionStatus withLag(long events) {
        return new SubscriptionStatus(name, owner, leaseExpiresAt, paused, lastTransactionId, lastPosition, events,
                parked, updatedAt);
    }
}
