package dev.eventshop.platform.messaging;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Makes at-least-once delivery effectively once: the subscriber's effects and the record that it applied the event
 * commit in one transaction, so a redelivered event (after a crash, a take-over, a replay) finds its record and
 * changes nothing. Works the same whichever channel delivered the event.
 */
@ApplicationScoped
public class Inbox {

    private final EventStore store;

    public Inbox(EventStore store) {
        this.store = store;
    }

    /**
     * Applies {@code effects} for {@code event} unless {@code subscriber} already did.
     *
     * @return true when the effects ran and committed, false for a duplicate
     */
    public Uni<Boolean> once(String subscriber, RecordedEvent event, Function<EventStore.Tx, Uni<?>> effects) {
        return store.inTransaction(tx -> tx.connection()
                .preparedQuery("""
                        INSERT INTO eventstore.processed_events (subscription, event_id) VALUES ($1, $2)
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(subscriber, event.eventId()))
                .chain(rows -> rows.rowCount() == 0
                        ? Uni.createFrom().item(false)
                        : effects.apply(tx).replaceWith(true)));
    }
}
