package dev.eventshop.platform.messaging;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an operator sees of a subscription.
 *
 * @param lag events the subscription has still to pass: of its own stream and event types when this instance works
 *        it (as {@code eventshop_subscription_lag}, up to 100,000), else every event past the checkpoint, those of
 *        other stream types too (an upper bound)
 */
@Schema(example = """
        {"name": "payments-commands", "owner": "eventshop-7d9f-1", "leaseExpiresAt": "2026-12-06T09:15:32Z",
        "paused": false, "lastTransactionId": 918273, "lastPosition": 48211, "lag": 0, "parked": 1,
        "updatedAt": "2026-12-06T09:15:17Z"}""")
public record SubscriptionStatus(String name, String owner, Instant leaseExpiresAt, boolean paused,
        long lastTransactionId, long lastPosition, long lag, long parked, Instant updatedAt) {

    public SubscriptionStatus withLag(long events) {
        return new SubscriptionStatus(name, owner, leaseExpiresAt, paused, lastTransactionId, lastPosition, events,
                parked, updatedAt);
    }
}
