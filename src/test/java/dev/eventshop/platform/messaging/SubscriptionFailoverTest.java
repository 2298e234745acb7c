package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * Two instances of the application work the same subscription against one database: only the lease holder
 * delivers, never both at once, and when it dies the other takes over within the lease TTL.
 */
@QuarkusTest
class SubscriptionFailoverTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    SubscriptionsConfig config;

    private final AtomicInteger inHandler = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final Map<UUID, String> deliveredBy = new ConcurrentHashMap<>();

    @Test
    void oneInstanceAtATimeAndTheOtherTakesOverWhenItDies() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamType = "test.failover-" + run;
        SubscriptionOptions options = subscriptions.defaults("failover-" + run, List.of(streamType)).withBatchSize(20);
        SubscriptionWorker a = subscriptions.start(options, handler("instance-a"), "instance-a");
        SubscriptionWorker b = subscriptions.start(options, handler("instance-b"), "instance-b");
        try {
            Set<UUID> firstHalf = append(run, streamType, 0);
            await().atMost(TIMEOUT).until(() -> deliveredBy.keySet().containsAll(firstHalf));

            assertThat(a.isActive() ^ b.isActive()).as("exactly one instance holds the lease").isTrue();
            SubscriptionWorker active = a.isActive() ? a : b;
            SubscriptionWorker standby = active == a ? b : a;
            assertThat(Set.copyOf(deliveredBy.values())).containsExactly(active.owner());

            active.abandon(); // killed: no checkpoint, no release; the lease has to expire
            Set<UUID> secondHalf = append(run, streamType, 1);
            await().atMost(config.leaseTtl().plus(TIMEOUT))
                    .until(() -> deliveredBy.keySet().containsAll(secondHalf));

            assertThat(standby.isActive()).isTrue();
            assertThat(secondHalf.stream().map(deliveredBy::get).collect(Collectors.toSet()))
                    .containsExactly(standby.owner());
            assertThat(mostAtOnce.get()).as("handlers running at the same time").isEqualTo(1);
        } finally {
            a.stop().await().atMost(TIMEOUT);
            b.stop().await().atMost(TIMEOUT);
        }
    }

    private SubscriptionHandler handler(String owner) {
        return event -> {
            int now = inHandler.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(2))
                    .invoke(() -> {
                        deliveredBy.put(event.eventId(), owner);
                        inHandler.decrementAndGet();
                    });
        };
    }

    private Set<UUID> append(String run, String streamType, int half) {
        List<NewEvent> events = IntStream.range(0, 50).mapToObj(i -> NewEvent.of(new CounterIncremented("c", i)))
                .toList();
        store.append(new StreamAppend("f-" + run + "-" + half, streamType, ExpectedVersion.NO_STREAM, events),
                EventMetadata.start("test")).await().atMost(TIMEOUT);
        return events.stream().map(NewEvent::eventId).collect(Collectors.toSet());
    }
}
