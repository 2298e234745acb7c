package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Hands a channel over between its two paths when its module is flipped between the event store and Kafka. The
 * channel's events-log subscription ({@code <channel>}) and its received-log subscription ({@code <channel>@kafka})
 * share the channel's inbox, and the events-log checkpoint stays the mark of "handled":
 * <ul>
 * <li>a path starts only once the other one is free: no instance holds its lease (during a rolling restart the old
 * instances finish first) and it has no parked or held events (an operator replays or skips them first: they could
 * not be replayed on a path that no longer runs, and a stream must not go on past them on the other);</li>
 * <li>flipped to Kafka, the received path passes over every event this store appended at or below the events-log
 * checkpoint (the events path handled it); an event above it that the events path handled too finds its inbox
 * record;</li>
 * <li>while on Kafka, the holder of the received path's lease moves the events-log checkpoint up to just before the
 * first event of the channel's stream types that the received path has not passed (not yet received, not yet handled
 * or parked there), and never over a transaction that may still commit; the publisher's internal events, which its
 * relay leaves out, are not waited for;</li>
 * <li>flipped back, the events path resumes from there; an event above it that the received path handled finds its
 * inbox record, which the inbox pruner keeps while it is above the events-log checkpoint.</li>
 * </ul>
 * Events from another store (a module running elsewhere with its own database) are all delivered; the inbox is what
 * makes a redelivered one change nothing.
 */
final class Handover {

    private static final Logger LOG = Logger.getLogger(Handover.class);
    private static final Duration BLOCKED_WARNING_INTERVAL = Duration.ofMinutes(1);

    /* $1: the other path's subscription. */
    private static final String OTHER_PATH = """
            SELECT (SELECT owner FROM eventstore.subscriptions
                     WHERE name = $1 AND owner IS NOT NULL AND lease_expires_at > now()) AS owner,
                   (SELECT count(*) FROM eventstore.parked_events
                     WHERE subscription = $1 AND status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD')) AS waiting""";

    /*
     * $1 the events-log subscription, $2 the received-log one, $3 the channel's stream types, $4 the event types the
     * publisher's relay leaves out: never received, and never delivered by the channel on either path, so they hold
     * nothing up (else the first internal event after the mark would hold it for good). The target is just
     * before the first event not passed by the received path, but never over a transaction at or above the horizon
     * (one still running may commit events that sort below the target). Only forward, only while no instance holds
     * $1's lease. The first such event is looked for per stream type, walking the type's index in log order, so
     * that a look stops at it: asked for all types at once, PostgreSQL checked every event up to the log's end
     * before sorting, about 15 µs each, every lease renewal.
     */
    private static final String ADVANCE = """
            WITH s AS (SELECT last_transaction_id AS tx, last_position AS pos FROM eventstore.subscriptions
                        WHERE name = $1),
                 k AS MATERIALIZED (SELECT last_transaction_id AS tx, last_position AS pos
                                      FROM eventstore.subscriptions WHERE name = $2),
                 open AS (
                   SELECT o.tx, o.pos
                     FROM s, unnest($3::text[]) AS t(stream_type),
                          LATERAL (
                            SELECT e.transaction_id AS tx, e.global_position AS pos
                              FROM eventstore.events e
                             WHERE e.stream_type = t.stream_type
                               AND (e.transaction_id, e.global_position) > (s.tx, s.pos)
                               AND e.event_type <> ALL($4::text[])
                               AND (NOT EXISTS (SELECT 1 FROM eventstore.received_events r, k
                                                 WHERE r.event_id = e.event_id
                                                   AND (r.transaction_id, r.global_position) <= (k.tx, k.pos))
                                    OR EXISTS (SELECT 1 FROM eventstore.parked_events p
                                                WHERE p.subscription = $2 AND p.event_id = e.event_id
                                                  AND p.status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD')))
                             ORDER BY e.transaction_id, e.global_position LIMIT 1) o
                    ORDER BY o.tx, o.pos LIMIT 1),
                 settled AS (
                   SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1)::text::xid8 AS tx,
                          (SELECT coalesce(max(global_position), 0) FROM eventstore.events) AS pos),
                 target AS (
                   SELECT CASE WHEN open.tx IS NULL OR (open.tx, open.pos - 1) > (settled.tx, settled.pos)
                               THEN settled.tx ELSE open.tx END AS tx,
                          CASE WHEN open.tx IS NULL OR (open.tx, open.pos - 1) > (settled.tx, settled.pos)
                               THEN settled.pos ELSE open.pos - 1 END AS pos
                     FROM settled LEFT JOIN open ON true)
            UPDATE eventstore.subscriptions s
               SET last_transaction_id = target.tx, last_position = target.pos, updated_at = now()
              FROM target
             WHERE s.name = $1 AND (s.owner IS NULL OR s.lease_expires_at < now())
               AND (s.last_transaction_id, s.last_position) < (target.tx, target.pos)""";

    private static final String MARK = """
            SELECT i.id, s.last_transaction_id::text::bigint AS tx, s.last_position
              FROM eventstore.store_identity i, eventstore.subscriptions s WHERE s.name = $1""";

    private final String channel;
    private final SubscriptionOptions options;
    private final boolean kafkaPath;
    private final Set<String> notRelayed;
    private final Pool pool;
    private final Vertx vertx;
    private volatile UUID store;
    private volatile Cursor handledBelow;
    private volatile boolean stopped;
    private long timer = -1;
    private long lastWarning;

    /**
     * @param channel the channel (its events-log subscription's name)
     * @param options the subscription of the path this instance runs
     * @param kafkaPath whether that is the received path
     * @param notRelayed the stored event types of the channel's streams that the publisher's relay leaves out (none
     *            of them delivered by the channel: {@code ChannelRoutes.notRelayedAsStored})
     */
    Handover(String channel, SubscriptionOptions options, boolean kafkaPath, Set<String> notRelayed, Pool pool,
            Vertx vertx) {
        this.channel = channel;
        this.options = options;
        this.kafkaPath = kafkaPath;
        this.notRelayed = Set.copyOf(notRelayed);
        this.pool = pool;
        this.vertx = vertx;
    }

    private String eventsPath() {
        return channel;
    }

    private String otherPath() {
        return kafkaPath ? channel : channel + EventStoreConnector.KAFKA_PATH;
    }

    /**
     * Completes once the other path is free; then, on the received path, with the mark read. Never fails: it asks
     * again every lease renewal interval (a timer, not a growing chain), with a warning a minute naming what it waits
     * for; it stops asking once {@link #stop()} is called.
     */
    Uni<Void> otherPathFree() {
        return Uni.createFrom().emitter(emitter -> ask(() -> emitter.complete(null)));
    }

    private void ask(Runnable free) {
        if (stopped) {
            return;
        }
        pool.preparedQuery(OTHER_PATH).execute(Tuple.of(otherPath())).subscribe().with(rows -> {
            Row row = rows.iterator().next();
            if (row.getString("owner") == null && row.getLong("waiting") == 0) {
                if (kafkaPath) {
                    readMark(free);
                } else {
                    free.run();
                }
            } else {
                warnBlocked(row);
                later(() -> ask(free));
            }
        }, failure -> {
            warnBlocked(null);
            later(() -> ask(free));
        });
    }

    private void later(Runnable action) {
        if (!stopped) {
            vertx.setTimer(options.leaseRenewInterval().toMillis(), id -> action.run());
        }
    }

    private void warnBlocked(Row row) {
        long now = System.nanoTime();
        if (lastWarning != 0 && now - lastWarning < BLOCKED_WARNING_INTERVAL.toNanos()) {
            return;
        }
        lastWarning = now;
        String path = kafkaPath ? "from Kafka" : "in process";
        if (row == null) {
            LOG.warnf("Channel %s waits to start %s: its other path's state could not be read", channel, path);
        } else if (row.getString("owner") != null) {
            LOG.warnf("Channel %s waits to start %s: %s still works it on its other path (%s); it starts once that "
                    + "instance stops", channel, path, row.getString("owner"), otherPath());
        } else {
            LOG.warnf("Channel %s waits to start %s: its other path (%s) has %d parked or held events; replay or "
                    + "skip them there first (/admin/subscriptions/%s/parked), flipping the module back if needed",
                    channel, path, otherPath(), row.getLong("waiting"), otherPath());
        }
    }

    private void readMark(Runnable then) {
        if (stopped) {
            return;
        }
        pool.preparedQuery("INSERT INTO eventstore.subscriptions (name) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventsPath()))
                .chain(() -> refreshMark())
                .subscribe().with(ignored -> {
                    LOG.infof("Channel %s receives from Kafka; this store's events up to %s came through it in "
                            + "process already", channel, handledBelow);
                    then.run();
                }, failure -> later(() -> readMark(then)));
    }

    private Uni<Void> refreshMark() {
        return pool.preparedQuery(MARK).execute(Tuple.of(eventsPath())).invoke(rows -> {
            for (Row row : rows) {
                store = row.getUUID("id");
                Cursor read = new Cursor(row.getLong("tx"), row.getLong("last_position"));
                Cursor known = handledBelow;
                if (known == null || read.compareTo(known) > 0) {
                    handledBelow = read;
                }
            }
        }).replaceWithVoid();
    }

    /**
     * The received path's handler: an event this store appended at or below the events-log checkpoint was handled
     * in process already and is passed over. Whether the store appended it is asked of its own events table, by id:
     * a copy of this database (a clone that kept its store id) sends events that only look like ours.
     */
    SubscriptionHandler around(SubscriptionHandler handler) {
        return event -> {
            RecordedEvent.Origin origin = event.origin();
            Cursor mark = handledBelow;
            if (origin == null || mark == null || !origin.store().equals(store) || origin.cursor().compareTo(mark) > 0) {
                return handler.handle(event);
            }
            return pool.preparedQuery(HANDLED_HERE)
                    .execute(Tuple.of(event.eventId(), Long.toString(mark.transactionId()), mark.position()))
                    .chain(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("handled")
                            ? Uni.createFrom().voidItem()
                            : handler.handle(event));
        };
    }

    private static final String HANDLED_HERE = """
            SELECT (transaction_id, global_position) <= ($2::text::xid8, $3::bigint) AS handled
              FROM eventstore.events WHERE event_id = $1""";

    /** On the received path: keeps the events-log checkpoint moving while {@code leased} (this instance works it). */
    void start(BooleanSupplier leased) {
        if (!kafkaPath) {
            return;
        }
        timer = vertx.setPeriodic(options.leaseRenewInterval().toMillis(), id -> {
            if (leased.getAsBoolean()) {
                advance().subscribe().with(ignored -> {
                }, failure -> LOG.debugf("Moving %s's checkpoint failed: %s", channel, failure.getMessage()));
            }
        });
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** Moves the events-log checkpoint up to what both paths together have handled without a gap. */
    Uni<Void> advance() {
        Tuple args = Tuple.of(eventsPath(), options.name())
                .addArrayOfString(options.streamTypes().toArray(String[]::new))
                .addArrayOfString(notRelayed.toArray(String[]::new));
        return pool.preparedQuery(ADVANCE).execute(args).chain(() -> refreshMark());
    }
}
