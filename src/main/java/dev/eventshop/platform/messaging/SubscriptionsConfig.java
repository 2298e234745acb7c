package dev.eventshop.platform.messaging;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Defaults for every catch-up subscription. A channel can override the per-subscription ones with connector
 * attributes of the same name ({@code mp.messaging.incoming.<channel>.batch-size=...}).
 */
@ConfigMapping(prefix = "eventshop.subscriptions")
public interface SubscriptionsConfig {

    /** How long an instance owns a subscription without renewing; after that another instance takes it over. */
    @WithDefault("10s")
    Duration leaseTtl();

    /** How often the owner renews its lease and a standby instance tries to take it. Well below the TTL. */
    @WithDefault("2s")
    Duration leaseRenewInterval();

    /** The longest a subscription waits for new events when no wake-up arrives (LISTEN/NOTIFY is the fast path). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Events read per query. */
    @WithDefault("500")
    int batchSize();

    /** Deliveries of one event before it is parked and the subscription moves on. */
    @WithDefault("5")
    int maxAttempts();

    /** Wait before the second delivery of a failed event; doubles each attempt, with jitter. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** Upper bound of the wait between deliveries of a failed event. */
    @WithDefault("10s")
    Duration maxBackoff();

    /**
     * How long one delivery may take (a provider call, a row-lock wait) before it counts as a failed attempt and is
     * retried: a hung call must not freeze its lane and the checkpoint.
     */
    @WithDefault("30s")
    Duration handlerTimeout();

    /**
     * How long a subscriber's inbox record is kept after its subscription's checkpoint has passed the event. Below the
     * checkpoint no event is ever delivered again, so the record is only kept for people looking into an incident.
     */
    @WithDefault("10m")
    Duration inboxRetention();

    /** How often inbox records below their subscription's checkpoint are deleted. */
    @WithDefault("1m")
    Duration inboxPruneInterval();

    /** How often each running subscription's lag (events and age of the oldest) is measured for the metrics. */
    @WithDefault("15s")
    Duration lagInterval();

    /**
     * Readiness goes DOWN while a subscription that no operator paused has an undelivered event older than this (it
     * is stalled or far behind: a hung handler, a retrying stream, a broker out of reach for a relay).
     */
    @WithDefault("2m")
    Duration readinessLagAge();

    /**
     * Readiness goes DOWN while a subscription has an event parked longer than this: an order waits for an operator
     * (replay or skip it under {@code /admin/subscriptions/{name}/parked}).
     */
    @WithDefault("15m")
    Duration readinessParkedAge();
}
