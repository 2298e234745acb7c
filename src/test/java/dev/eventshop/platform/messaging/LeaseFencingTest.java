package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An owner pauses in the middle of a handler (a long GC pause, a slow provider) while another instance takes its
 * lease: when it wakes up, its effects are refused by the inbox, and once the lease is free again it takes the
 * subscription back and applies the event exactly once.
 */
@QuarkusTest
class LeaseFencingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    @BeforeEach
    void effectsTable() {
        TestEffects.createTable(pool);
    }

    @Test
    void anOwnerThatLostItsLeaseMidHandlerCommitsNothingAndReacquiresWhenFree() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String name = "fencing-" + run;
        String streamType = "test.fencing-" + run;
        CompletableFuture<Void> entered = new CompletableFuture<>();
        CompletableFuture<Void> wakeUp = new CompletableFuture<>();
        CompletableFuture<Throwable> firstOutcome = new CompletableFuture<>();
        AtomicInteger deliveries = new AtomicInteger();
        SubscriptionHandler pausing = event -> {
            if (deliveries.incrementAndGet() > 1) {
                return TestEffects.apply(inbox, name, event).replaceWithVoid();
            }
            entered.complete(null);
            return Uni.createFrom().completionStage(wakeUp)
                    .chain(() -> TestEffects.apply(inbox, name, event))
                    .onItemOrFailure().invoke((applied, failure) -> firstOutcome.complete(failure))
                    .replaceWithVoid();
        };
        SubscriptionWorker worker = subscriptions.start(subscriptions.defaults(name, List.of(streamType)), pausing,
                "instance-paused");
        try {
            store.append(new StreamAppend("fence-" + run, streamType, ExpectedVersion.NO_STREAM,
                    List.of(NewEvent.of(new CounterIncremented("c", 1)))), EventMetadata.start("test"))
                    .await().atMost(TIMEOUT);
            entered.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();

            // meanwhile another instance has taken the subscription over
            setOwner(name, "instance-elsewhere");
            wakeUp.complete(null);

            Throwable refused = firstOutcome.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            assertThat(refused).isInstanceOf(Inbox.LeaseLostException.class);
            assertThat(TestEffects.count(pool, name)[0]).as("effects of an owner without the lease").isZero();

            setOwner(name, null); // the other instance went away and released it
            await().atMost(TIMEOUT).until(() -> TestEffects.count(pool, name)[0] == 1);
            assertThat(worker.isActive()).isTrue();
            assertThat(deliveries.get()).isEqualTo(2);
        } finally {
            worker.stop().await().atMost(TIMEOUT);
        }
    }

    private void setOwner(String name, String owner) {
        pool.preparedQuery("""
                UPDATE eventstore.subscriptions
                   SET owner = $2, lease_expires_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() + interval '1 hour' END
                 WHERE name = $1""").execute(Tuple.of(name, owner)).await().atMost(TIMEOUT);
    }
}
