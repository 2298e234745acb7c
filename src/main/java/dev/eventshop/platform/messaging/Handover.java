package dev.eventshop.platform.messaging;

import java.util.UUID;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Hands a channel over between its two paths when its module is flipped between the event store and Kafka inside
 * one database. The channel's events-log subscription ({@code <channel>}) and its received-log subscription
 * ({@code <channel>@kafka}) share the channel's inbox, and the events-log checkpoint stays the mark of "handled":
 * <ul>
 * <li>flipped to Kafka, the received path passes over every event this store appended at or below that checkpoint
 * (the events path handled it); an event above it that the events path handled too finds its inbox record;</li>
 * <li>while on Kafka, this moves that checkpoint on, up to just before the first event of the channel's stream types
 * that the received path has not yet passed (not yet received, received but not yet handled, or parked there);</li>
 * <li>flipped back, the events path resumes from there; an event above it that the received path handled finds its
 * inbox record, which the inbox pruner keeps while it is above the events-log checkpoint.</li>
 * </ul>
 * Events from another store (a module running elsewhere with its own database) are all delivered; the inbox is what
 * makes a redelivered one change nothing.
 */
final class Handover {

    private static final Logger LOG = Logger.getLogger(Handover.class);

    /*
     * $1 the events-log subscription, $2 the received-log one, $3 the channel's stream types. Moves $1's checkpoint
     * only while no instance holds its lease (no events path is running), and only forward; only over events below
     * the horizon, so none can still commit behind it.
     */
    private static final String ADVANCE = """
            WITH s AS (SELECT last_transaction_id AS tx, last_position AS pos FROM eventstore.subscriptions
                        WHERE name = $1 AND (owner IS NULL OR lease_expires_at < now())),
                 k AS (SELECT last_transaction_id AS tx, last_position AS pos FROM eventstore.subscriptions
                        WHERE name = $2),
                 open AS (
                   SELECT e.transaction_id AS tx, e.global_position AS pos
                     FROM eventstore.events e, s
                    WHERE e.stream_type = ANY($3) AND (e.transaction_id, e.global_position) > (s.tx, s.pos)
                      AND (NOT EXISTS (SELECT 1 FROM eventstore.received_events r, k
                                        WHERE r.event_id = e.event_id
                                          AND (r.transaction_id, r.global_position) <= (k.tx, k.pos))
                           -- passed, but parked or held on the received path: not handled
                           OR EXISTS (SELECT 1 FROM eventstore.parked_events p
                                       WHERE p.subscription = $2 AND p.event_id = e.event_id
                                         AND p.status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD')))
                    ORDER BY e.transaction_id, e.global_position LIMIT 1),
                 settled AS (
                   SELECT e.transaction_id AS tx, e.global_position AS pos
                     FROM eventstore.events e, s
                    WHERE e.stream_type = ANY($3) AND (e.transaction_id, e.global_position) > (s.tx, s.pos)
                      AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                      AND NOT EXISTS (SELECT 1 FROM open
                                       WHERE (e.transaction_id, e.global_position) >= (open.tx, open.pos))
                    ORDER BY e.transaction_id DESC, e.global_position DESC LIMIT 1)
            UPDATE eventstore.subscriptions
               SET last_transaction_id = settled.tx, last_position = settled.pos, updated_at = now()
              FROM settled
             WHERE name = $1 AND (last_transaction_id, last_position) < (settled.tx, settled.pos)
            RETURNING last_transaction_id::text::bigint AS tx, last_position""";

    private static final String MARK = """
            SELECT i.id, s.last_transaction_id::text::bigint AS tx, s.last_position
              FROM eventstore.store_identity i, eventstore.subscriptions s WHERE s.name = $1""";

    private final String eventsPath;
    private final SubscriptionOptions options;
    private final Pool pool;
    private final Vertx vertx;
    private volatile UUID store;
    private volatile Cursor handledBelow;
    private Uni<Void> ready;
    private long timer = -1;

    Handover(String eventsPath, SubscriptionOptions options, Pool pool, Vertx vertx) {
        this.eventsPath = eventsPath;
        this.options = options;
        this.pool = pool;
        this.vertx = vertx;
    }

    /** The received path's handler: events the events path handled already are passed over. */
    SubscriptionHandler around(SubscriptionHandler handler) {
        return event -> ready().chain(() -> handledAlready(event) ? Uni.createFrom().voidItem()
                : handler.handle(event));
    }

    boolean handledAlready(RecordedEvent event) {
        RecordedEvent.Origin origin = event.origin();
        Cursor mark = handledBelow;
        return origin != null && origin.store().equals(store) && mark != null
                && origin.cursor().compareTo(mark) <= 0;
    }

    private synchronized Uni<Void> ready() {
        if (ready == null) {
            ready = pool.preparedQuery("INSERT INTO eventstore.subscriptions (name) VALUES ($1) ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(eventsPath))
                    .chain(() -> pool.preparedQuery(MARK).execute(Tuple.of(eventsPath)))
                    .invoke(rows -> {
                        Row row = rows.iterator().next();
                        store = row.getUUID("id");
                        handledBelow = new Cursor(row.getLong("tx"), row.getLong("last_position"));
                        LOG.infof("Channel %s receives from Kafka; events of this store up to %s came through it "
                                + "in process already", eventsPath, handledBelow);
                    })
                    .replaceWithVoid()
                    .onFailure().invoke(() -> {
                        synchronized (this) {
                            ready = null; // the next delivery tries again
                        }
                    })
                    .memoize().indefinitely();
        }
        return ready;
    }

    void start() {
        timer = vertx.setPeriodic(options.leaseRenewInterval().toMillis(), id -> advance().subscribe().with(
                ignored -> {
                }, failure -> LOG.debugf("Moving %s's mark failed: %s", eventsPath, failure.getMessage())));
    }

    void stop() {
        vertx.cancelTimer(timer);
    }

    /** Moves the events-log checkpoint up to what both paths together have handled without a gap. */
    Uni<Void> advance() {
        Tuple args = Tuple.of(eventsPath, options.name()).addArrayOfString(options.streamTypes().toArray(String[]::new));
        return pool.preparedQuery(ADVANCE).execute(args).invoke(rows -> {
            for (Row row : rows) {
                Cursor moved = new Cursor(row.getLong("tx"), row.getLong("last_position"));
                Cursor known = handledBelow;
                if (known == null || moved.compareTo(known) > 0) {
                    handledBelow = moved;
                }
            }
        }).replaceWithVoid();
    }
}
