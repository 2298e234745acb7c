package dev.eventshop.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.ConcurrencyConflictException;
import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Context;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A delivery whose effects need nothing read in their transaction goes as one statement: the inbox row, the lease
 * check, the appends and the module's writes. It must keep every promise of the transaction it replaces: effects
 * once, nothing of a delivery whose append conflicts (its inbox row included, so it is tried again), nothing from
 * an owner that lost its lease.
 */
@QuarkusTest
class OneStatementDeliveryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String EFFECT = "INSERT INTO public.test_effects (subscription, event_id) SELECT $1, $2"
            + " WHERE " + OneStatement.GUARD;

    @Inject
    EventStore store;

    @Inject
    Inbox inbox;

    @Inject
    Pool pool;

    @BeforeEach
    void effectsTable() {
        TestEffects.createTable(pool);
    }

    @Test
    void effectsApplyOnceAndARedeliveryChangesNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subscriber = "one-statement-" + run;
        RecordedEvent cause = cause(run);
        AtomicInteger committed = new AtomicInteger();

        boolean first = inbox.once(subscriber, cause, effects(subscriber, cause, "target-" + run,
                ExpectedVersion.NO_STREAM, committed)).await().atMost(TIMEOUT);
        // the same event again: the append (a new stream once more) would clash if the guard let it through
        boolean again = inbox.once(subscriber, cause, effects(subscriber, cause, "target-" + run,
                ExpectedVersion.NO_STREAM, committed)).await().atMost(TIMEOUT);

        assertThat(first).isTrue();
        assertThat(again).as("a redelivery").isFalse();
        assertThat(TestEffects.count(pool, subscriber)[0]).isEqualTo(1);
        assertThat(store.readStream("target-" + run).await().atMost(TIMEOUT)).hasSize(1);
        assertThat(committed.get()).as("after-commit actions of the applied delivery alone").isEqualTo(1);
    }

    @Test
    void aConflictingAppendCommitsNothingOfTheDeliveryAndItIsAppliedWhenTriedAgain() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subscriber = "one-statement-" + run;
        String target = "target-" + run;
        RecordedEvent cause = cause(run);
        store.append(new StreamAppend(target, "test.one-statement", ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of(new CounterIncremented("c", 1)))), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);
        AtomicInteger committed = new AtomicInteger();

        // a version the stream does not have: the append writes nothing, so the statement must fail
        assertThatThrownBy(() -> inbox.once(subscriber, cause, effects(subscriber, cause, target, 5, committed))
                .await().atMost(TIMEOUT)).isInstanceOf(ConcurrencyConflictException.class);
        // a new stream that exists: the unique version clashes
        assertThatThrownBy(() -> inbox.once(subscriber, cause,
                effects(subscriber, cause, target, ExpectedVersion.NO_STREAM, committed)).await().atMost(TIMEOUT))
                .isInstanceOf(ConcurrencyConflictException.class);
        assertThat(TestEffects.count(pool, subscriber)[0]).isZero();
        assertThat(committed.get()).isZero();

        boolean applied = inbox.once(subscriber, cause, effects(subscriber, cause, target, 1, committed))
                .await().atMost(TIMEOUT);
        assertThat(applied).as("the inbox row of the failed tries was not kept").isTrue();
        assertThat(TestEffects.count(pool, subscriber)[0]).isEqualTo(1);
        assertThat(store.readStream(target).await().atMost(TIMEOUT)).hasSize(2);
    }

    @Test
    void anOwnerThatLostTheLeaseWritesNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subscription = "one-statement-fenced-" + run;
        RecordedEvent cause = cause(run);
        pool.preparedQuery("INSERT INTO eventstore.subscriptions (name, owner, lease_expires_at)"
                + " VALUES ($1, 'instance-elsewhere', now() + interval '1 hour')").execute(Tuple.of(subscription))
                .await().atMost(TIMEOUT);
        AtomicInteger committed = new AtomicInteger();

        assertThatThrownBy(() -> inbox.once(subscription, cause,
                effects(subscription, cause, "target-" + run, ExpectedVersion.NO_STREAM, committed))
                .awaitUsing(Context.of(Inbox.DELIVERY, new Inbox.Delivery(subscription, "instance-paused")))
                .atMost(TIMEOUT)).isInstanceOf(Inbox.LeaseLostException.class);

        assertThat(TestEffects.count(pool, subscription)[0]).isZero();
        assertThat(store.readStream("target-" + run).await().atMost(TIMEOUT)).isEmpty();
        assertThat(committed.get()).isZero();
        boolean recorded = pool.preparedQuery("SELECT count(*) FROM eventstore.processed_events"
                + " WHERE subscription = $1").execute(Tuple.of(subscription)).await().atMost(TIMEOUT)
                .iterator().next().getLong(0) > 0;
        assertThat(recorded).as("an inbox row of the fenced owner").isFalse();
    }

    @Test
    void aWriteThatMustFindItsRowAndFindsNoneCommitsNothingOfTheDelivery() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subscriber = "one-statement-" + run;
        RecordedEvent cause = cause(run);
        AtomicInteger committed = new AtomicInteger();
        OneStatement statement = effects(subscriber, cause, "target-" + run, ExpectedVersion.NO_STREAM, committed)
                .writeRow(NO_SUCH_ROW, Tuple.of(subscriber), "event_id", ignored -> committed.incrementAndGet());

        assertThatThrownBy(() -> inbox.once(subscriber, cause, statement).await().atMost(TIMEOUT))
                .isInstanceOf(OneStatement.MissingRowException.class);

        assertThat(TestEffects.count(pool, subscriber)[0]).isZero();
        assertThat(store.readStream("target-" + run).await().atMost(TIMEOUT)).isEmpty();
        assertThat(committed.get()).isZero();
        assertThat(inbox.once(subscriber, cause, effects(subscriber, cause, "target-" + run,
                ExpectedVersion.NO_STREAM, committed)).await().atMost(TIMEOUT))
                .as("the inbox row of the failed try was not kept").isTrue();
    }

    private static final String NO_SUCH_ROW = "UPDATE public.test_effects SET event_id = event_id"
            + " WHERE subscription = $1 || '-none' AND " + OneStatement.GUARD + " RETURNING event_id";

    private RecordedEvent cause(String run) {
        store.append(new StreamAppend("cause-" + run, "test.one-statement-causes", ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of(new CounterIncremented("c", 1)))), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);
        return store.readStream("cause-" + run).await().atMost(TIMEOUT).get(0);
    }

    private static OneStatement effects(String subscriber, RecordedEvent cause, String target, long expectedVersion,
            AtomicInteger committed) {
        return new OneStatement()
                .append(new StreamAppend(target, "test.one-statement", expectedVersion,
                        List.of(NewEvent.of(new CounterIncremented("c", 2)))), EventMetadata.causedBy(cause, "test"))
                .write(EFFECT, Tuple.of(subscriber, cause.eventId()))
                .afterCommit(committed::incrementAndGet);
    }
}
