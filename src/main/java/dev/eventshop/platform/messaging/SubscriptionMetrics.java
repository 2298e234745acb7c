package dev.eventshop.platform.messaging;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

/**
 * A subscription's meters (README, "Metrics"): how long its handler takes per delivery and how each ended, how often a
 * delivery failed and is retried, how many streams it parked. Registered once per subscription name in the global
 * registry, which Quarkus backs with the Prometheus one.
 */
final class SubscriptionMetrics {

    private final Timer succeeded;
    private final Timer failed;
    private final Counter retries;
    private final Counter parked;

    SubscriptionMetrics(String subscription) {
        MeterRegistry registry = Metrics.globalRegistry;
        Timer.Builder handler = Timer.builder("eventshop.subscription.handler")
                .description("Time a subscription's handler took for one delivery, by outcome")
                .tag("subscription", subscription);
        succeeded = handler.tag("outcome", "success").register(registry);
        failed = handler.tag("outcome", "failure").register(registry);
        retries = Counter.builder("eventshop.subscription.retries")
                .description("Failed deliveries that will be tried again").tag("subscription", subscription)
                .register(registry);
        parked = Counter.builder("eventshop.subscription.parked")
                .description("Streams parked after their event's last attempt").tag("subscription", subscription)
                .register(registry);
    }

    void handled(long startNanos, boolean success) {
        (success ? succeeded : failed).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void retried() {
        retries.increment();
    }

    void parked() {
        parked.increment();
    }
}
