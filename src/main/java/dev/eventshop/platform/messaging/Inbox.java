package dev.eventshop.platform.messaging;

import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.OneStatement;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes at-least-once delivery effectively once: the subscriber's effects and the record that it applied the event
 * commit in one transaction, so a redelivered event (after a crash, a take-over, a replay) finds its record and
 * changes nothing. Works the same whichever channel delivered the event.
 * <p>
 * It also fences effects: when the event came from a subscription of the event store, the transaction commits only
 * while the delivering instance still holds that subscription's lease. An owner that lost its lease in the middle of
 * a handler (a long pause, a lost database path, a slow provider) has its effects refused, and the new owner
 * delivers the event again. Together with the unique inbox row, two owners can never both commit an effect of one
 * event.
 */
@ApplicationScoped
public class Inbox {

    /** The context-local key under which a subscription worker names the delivery in progress. */
    public static final String DELIVERY = "eventshop.subscription.delivery";

    /** Which subscription delivers the event on this context, and as which lease owner. */
    public record Delivery(String subscription, String owner) {
    }

    /** The delivering instance no longer holds the subscription's lease: its effects were not committed. */
    public static final class LeaseLostException extends RuntimeException {
        public LeaseLostException(String subscription, String owner) {
            super("subscription " + subscription + " is no longer leased to " + owner
                    + "; effects not committed, the owner delivers the event again");
        }
    }

    private static final String RECORD = """
            WITH lease AS (
                SELECT coalesce(owner = $4 AND lease_expires_at > clock_timestamp(), false) AS held
                  FROM eventstore.subscriptions WHERE name = $3),
            recorded AS (
                INSERT INTO eventstore.processed_events (subscription, event_id)
                SELECT $1, $2 WHERE coalesce((SELECT held FROM lease), true)
                ON CONFLICT DO NOTHING RETURNING 1)
            SELECT coalesce((SELECT held FROM lease), true) AS held, (SELECT count(*) FROM recorded) AS recorded""";

    /** {@link #RECORD} as the guard of effects written in the same statement: they apply when {@code recorded} has a row. */
    private static final String RECORD_AS_GUARD = """
            lease AS (
                SELECT coalesce(owner = $4 AND lease_expires_at > clock_timestamp(), false) AS held
                  FROM eventstore.subscriptions WHERE name = $3),
            recorded AS (
                INSERT INTO eventstore.processed_events (subscription, event_id)
                SELECT $1, $2 WHERE coalesce((SELECT held FROM lease), true)
                ON CONFLICT DO NOTHING RETURNING 1)""";

    private static final Delivery NOT_LEASED = new Delivery(null, null);

    private final EventStore store;

    public Inbox(EventStore store) {
        this.store = store;
    }

    /**
     * Applies {@code effects} for {@code event} unless {@code subscriber} already did.
     *
     * @return true when the effects ran and committed, false for a duplicate
     * @throws LeaseLostException (as the failure) when the delivering instance lost the subscription's lease
     */
    public Uni<Boolean> once(String subscriber, RecordedEvent event, Function<EventStore.Tx, Uni<?>> effects) {
        return Uni.createFrom().context(subscriberContext -> {
            Delivery delivery = subscriberContext.getOrElse(DELIVERY,
                    () -> Optional.ofNullable(onThisContext()).orElse(NOT_LEASED));
            return store.inTransaction(tx -> tx.connection().preparedQuery(RECORD)
                    .execute(Tuple.of(subscriber, event.eventId(), delivery.subscription(), delivery.owner()))
                    .chain(rows -> {
                        Row row = rows.iterator().next();
                        if (!row.getBoolean("held")) {
                            return Uni.createFrom().failure(
                                    new LeaseLostException(delivery.subscription(), delivery.owner()));
                        }
                        return row.getLong("recorded") == 0
                                ? Uni.createFrom().item(false)
                                : effects.apply(tx).replaceWith(true);
                    }));
        });
    }

    /**
     * As {@link #once(String, RecordedEvent, Function)}, for effects that need nothing read in their transaction:
     * the inbox row, the lease check and the effects go as one statement, one round trip and one commit instead of
     * a transaction of four or more.
     */
    public Uni<Boolean> once(String subscriber, RecordedEvent event, OneStatement effects) {
        return Uni.createFrom().context(subscriberContext -> {
            Delivery delivery = subscriberContext.getOrElse(DELIVERY,
                    () -> Optional.ofNullable(onThisContext()).orElse(NOT_LEASED));
            EventStore.Guard claim = new EventStore.Guard(RECORD_AS_GUARD,
                    Tuple.of(subscriber, event.eventId(), delivery.subscription(), delivery.owner()), "recorded",
                    "coalesce((SELECT held FROM lease), true) AS held");
            return store.inOneStatement(claim, effects).chain(row -> row.getBoolean("held")
                    ? Uni.createFrom().item(row.getBoolean("passed"))
                    : Uni.createFrom().failure(new LeaseLostException(delivery.subscription(), delivery.owner())));
        });
    }

    /**
     * The delivery named by the worker that called the handler: in the subscriber context of the handler's
     * {@code Uni} when the worker subscribed to it, or on the Vert.x context the handler was called on (an
     * {@code @Incoming} method, which SmallRye subscribes to; it stays there through database and REST client
     * calls). Anything else (a direct call) names no subscription and is not fenced.
     */
    static Delivery onThisContext() {
        Context context = io.vertx.core.Vertx.currentContext();
        Object named = context != null && VertxContext.isDuplicatedContext(context) ? context.getLocal(DELIVERY) : null;
        return named instanceof Delivery delivery ? delivery : null;
    }
}
