package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Checkpoints, leases and parked events of subscriptions, in {@code eventstore.subscriptions} and friends. */
@ApplicationScoped
public class SubscriptionRepository {

    /** What an owner gets back when it holds the lease: where to resume and whether it is paused. */
    public record Lease(Cursor cursor, boolean paused) {
    }

    private static final String ACQUIRE = """
            UPDATE eventstore.subscriptions
               SET owner = $2, lease_expires_at = now() + make_interval(secs => $3::bigint / 1000.0), updated_at = now()
             WHERE name = $1 AND (owner IS NULL OR owner = $2 OR lease_expires_at < now())
               -- a channel's two paths (in process, and <channel>@kafka) are never worked at once
               AND NOT EXISTS (SELECT 1 FROM eventstore.subscriptions o
                                WHERE o.name IN ($1 || '@kafka', regexp_replace($1, '@kafka$', '')) AND o.name <> $1
                                  AND o.owner IS NOT NULL AND o.lease_expires_at > now())
            RETURNING last_transaction_id::text::bigint AS tx, last_position, paused""";

    private static final String CHECKPOINT = """
            UPDATE eventstore.subscriptions
               SET last_transaction_id = CASE WHEN ($3::text::xid8, $4::bigint) > (last_transaction_id, last_position)
                                              THEN $3::text::xid8 ELSE last_transaction_id END,
                   last_position = CASE WHEN ($3::text::xid8, $4::bigint) > (last_transaction_id, last_position)
                                        THEN $4::bigint ELSE last_position END,
                   lease_expires_at = now() + make_interval(secs => $5::bigint / 1000.0), updated_at = now()
             WHERE name = $1 AND owner = $2
            RETURNING last_transaction_id::text::bigint AS tx, last_position, paused""";

    private static final String STATUS = """
            SELECT s.name, s.owner, s.lease_expires_at, s.paused, s.last_transaction_id::text::bigint AS tx,
                   s.last_position, s.updated_at,
                   greatest(CASE WHEN s.name LIKE '%@kafka'
                                 THEN (SELECT coalesce(max(global_position), 0) FROM eventstore.received_events)
                                 ELSE (SELECT coalesce(max(global_position), 0) FROM eventstore.events)
                            END - s.last_position, 0) AS lag,
                   (SELECT count(*) FROM eventstore.parked_events p
                     WHERE p.subscription = s.name AND p.status <> 'SKIPPED') AS parked
              FROM eventstore.subscriptions s""";

    private static final String PARKED = """
            SELECT p.subscription, p.event_id, p.global_position, e.stream_id, e.correlation_id, e.event_type,
                   p.attempts, p.last_error, p.status, p.skip_reason, p.parked_at, p.updated_at
              FROM eventstore.parked_events p
              JOIN LATERAL (SELECT stream_id, correlation_id, event_type FROM eventstore.events
                             WHERE event_id = p.event_id
                            UNION ALL
                            SELECT stream_id, correlation_id, event_type FROM eventstore.received_events
                             WHERE event_id = p.event_id
                            LIMIT 1) e ON true
             WHERE p.subscription = $1""";

    private final Pool pool;

    public SubscriptionRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> ensureExists(String name) {
        return pool.preparedQuery("INSERT INTO eventstore.subscriptions (name) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(name)).replaceWithVoid();
    }

    /** Takes or renews the lease if it is free, ours, or expired. Empty when another instance holds it. */
    public Uni<Optional<Lease>> acquire(String name, String owner, Duration ttl) {
        return pool.preparedQuery(ACQUIRE).execute(Tuple.of(name, owner, ttl.toMillis())).map(this::lease);
    }

    /**
     * Stores the checkpoint and renews the lease, only while we own it. Empty when the lease was lost. The stored
     * checkpoint only ever moves forward: a timer, a save and a stop that race cannot move it back, which is what
     * makes it safe to prune the inbox below it.
     */
    public Uni<Optional<Lease>> checkpoint(String name, String owner, Cursor cursor, Duration ttl) {
        return pool.preparedQuery(CHECKPOINT)
                .execute(Tuple.of(name, owner, Long.toString(cursor.transactionId()), cursor.position(), ttl.toMillis()))
                .map(this::lease);
    }

    public Uni<Void> release(String name, String owner) {
        return pool.preparedQuery("""
                UPDATE eventstore.subscriptions SET owner = NULL, lease_expires_at = NULL, updated_at = now()
                 WHERE name = $1 AND owner = $2""").execute(Tuple.of(name, owner)).replaceWithVoid();
    }

    /**
     * Pauses or resumes a subscription; a channel's name pauses both its paths (in process and from Kafka), so an
     * operator pauses a channel whichever way its events arrive.
     *
     * @return false when there is no such subscription
     */
    public Uni<Boolean> setPaused(SqlClient client, String name, boolean paused) {
        return client.preparedQuery("""
                UPDATE eventstore.subscriptions SET paused = $2, updated_at = now()
                 WHERE name = $1 OR name = $1 || '@kafka'""")
                .execute(Tuple.of(name, paused)).map(rows -> rows.rowCount() >= 1);
    }

    public Uni<List<SubscriptionStatus>> statuses() {
        return pool.query(STATUS + " ORDER BY s.name").execute().map(this::statuses);
    }

    public Uni<Optional<SubscriptionStatus>> status(String name) {
        return pool.preparedQuery(STATUS + " WHERE s.name = $1").execute(Tuple.of(name))
                .map(rows -> statuses(rows).stream().findFirst());
    }

    /** Whether the owner in parameter {@code $n} holds the lease, by the database's clock. */
    private static String leased(int n) {
        // leading space: a text block before it loses its trailing one
        return " EXISTS (SELECT 1 FROM eventstore.subscriptions WHERE name = $1 AND owner = $" + n
                + " AND lease_expires_at > clock_timestamp())";
    }

    /**
     * Parks a stream at {@code event}: the event waits for an operator, and the stream's later events behind it.
     *
     * @return false when {@code owner} no longer holds the lease (nothing was written)
     */
    public Uni<Boolean> park(String name, String owner, RecordedEvent event, int attempts, String error) {
        return pool.preparedQuery("""
                INSERT INTO eventstore.parked_events
                       (subscription, event_id, global_position, stream_id, attempts, last_error)
                SELECT $1, $2, $3, $4, $5, $6 WHERE """ + leased(7) + """

                ON CONFLICT (subscription, event_id) DO UPDATE
                   SET attempts = parked_events.attempts + excluded.attempts, last_error = excluded.last_error,
                       status = 'PARKED', updated_at = now()""")
                .execute(Tuple.from(List.of(name, event.eventId(), event.globalPosition(), event.streamId(), attempts,
                        error, owner)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Keeps an event of a parked stream behind the parked one, undelivered, until an operator releases the stream.
     * A redelivery of an event already held changes nothing.
     *
     * @return false when {@code owner} no longer holds the lease (nothing was written)
     */
    public Uni<Boolean> hold(String name, String owner, RecordedEvent event, UUID parkedAt) {
        return pool.preparedQuery("""
                WITH held AS (
                    INSERT INTO eventstore.parked_events
                           (subscription, event_id, global_position, stream_id, attempts, last_error, status)
                    SELECT $1, $2, $3, $4, 0, $5, 'HELD' WHERE """ + leased(6) + """

                    ON CONFLICT (subscription, event_id) DO NOTHING)
                SELECT """ + leased(6) + " AS held")
                .execute(Tuple.from(List.of(name, event.eventId(), event.globalPosition(), event.streamId(),
                        "held behind parked event " + parkedAt + " of the same stream", owner)))
                .map(rows -> rows.iterator().next().getBoolean("held"));
    }

    /** A stream that waits for an operator: the event it is parked at, and whether its release was asked for. */
    public record ParkedStream(String streamId, UUID parkedAt, boolean releaseRequested) {
    }

    /**
     * The streams of a subscription that are parked or held, by stream id. A stream is to be released when the oldest
     * event waiting in it is not parked: its replay was asked for, the parked one was skipped, or a release was cut
     * short (a stop, a crash) after delivering it.
     */
    public Uni<Map<String, ParkedStream>> parkedStreams(String name) {
        return pool.preparedQuery("""
                SELECT DISTINCT ON (stream_id) stream_id, event_id, status FROM eventstore.parked_events
                 WHERE subscription = $1 AND status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD')
                 ORDER BY stream_id, global_position""")
                .execute(Tuple.of(name)).map(rows -> {
                    Map<String, ParkedStream> streams = new LinkedHashMap<>();
                    for (Row row : rows) {
                        streams.put(row.getString("stream_id"), new ParkedStream(row.getString("stream_id"),
                                row.getUUID("event_id"), !"PARKED".equals(row.getString("status"))));
                    }
                    return streams;
                });
    }

    /** What waits in a parked stream, oldest first: ids and whether each may be delivered now. */
    public record Waiting(UUID eventId, boolean released) {
    }

    public Uni<List<Waiting>> waiting(String name, String streamId) {
        return pool.preparedQuery("""
                SELECT event_id, status FROM eventstore.parked_events
                 WHERE subscription = $1 AND stream_id = $2 AND status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD')
                 ORDER BY global_position""")
                .execute(Tuple.of(name, streamId)).map(rows -> {
                    List<Waiting> waiting = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        // a release delivers them in order and stops at the first one still parked
                        waiting.add(new Waiting(row.getUUID("event_id"), !"PARKED".equals(row.getString("status"))));
                    }
                    return waiting;
                });
    }

    public Uni<List<ParkedEvent>> parked(String name) {
        return pool.preparedQuery(PARKED + " ORDER BY p.global_position").execute(Tuple.of(name))
                .map(this::parkedEvents);
    }

    public Uni<Optional<ParkedEvent>> parked(String name, UUID eventId) {
        return pool.preparedQuery(PARKED + " AND p.event_id = $2").execute(Tuple.of(name, eventId))
                .map(rows -> parkedEvents(rows).stream().findFirst());
    }

    /**
     * @return false unless the event was parked (or already awaiting replay) and is the oldest event waiting in its
     *         stream: the events held behind it follow it
     */
    public Uni<Boolean> requestReplay(SqlClient client, String name, UUID eventId) {
        return client.preparedQuery("""
                UPDATE eventstore.parked_events p SET status = 'REPLAY_REQUESTED', updated_at = now()
                 WHERE p.subscription = $1 AND p.event_id = $2 AND p.status IN ('PARKED', 'REPLAY_REQUESTED')
                   AND NOT EXISTS (SELECT 1 FROM eventstore.parked_events q
                                    WHERE q.subscription = $1 AND q.stream_id = p.stream_id
                                      AND q.global_position < p.global_position
                                      AND q.status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD'))""")
                .execute(Tuple.of(name, eventId)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Gives up on a parked or held event. Skipping the event a stream is parked at releases the events held behind
     * it: they are delivered next, in order.
     *
     * @param reason the operator's, kept with the record
     * @return false unless the event was parked or held
     */
    public Uni<Boolean> skip(SqlClient client, String name, UUID eventId, String reason) {
        return client.preparedQuery("""
                WITH skipped AS (
                    UPDATE eventstore.parked_events SET status = 'SKIPPED', skip_reason = $3, updated_at = now()
                     WHERE subscription = $1 AND event_id = $2 AND status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD')
                    RETURNING stream_id, status),
                released AS (
                    UPDATE eventstore.parked_events p SET status = 'REPLAY_REQUESTED', updated_at = now()
                      FROM skipped s
                     WHERE p.subscription = $1 AND p.stream_id = s.stream_id AND p.status = 'HELD'
                       AND NOT EXISTS (SELECT 1 FROM eventstore.parked_events q
                                        WHERE q.subscription = $1 AND q.stream_id = s.stream_id AND q.event_id <> $2
                                          AND q.status IN ('PARKED', 'REPLAY_REQUESTED'))
                    RETURNING 1)
                SELECT (SELECT count(*) FROM skipped) AS skipped, (SELECT count(*) FROM released) AS released""")
                .execute(Tuple.of(name, eventId, reason)).map(rows -> rows.iterator().next().getLong("skipped") == 1);
    }

    public Uni<Void> replayed(String name, UUID eventId) {
        return pool.preparedQuery("DELETE FROM eventstore.parked_events WHERE subscription = $1 AND event_id = $2")
                .execute(Tuple.of(name, eventId)).replaceWithVoid();
    }

    /** The replayed event failed again: the stream stays parked at it, and what follows it is held again. */
    public Uni<Void> replayFailed(String name, UUID eventId, String error) {
        return pool.preparedQuery("""
                WITH parked AS (
                    UPDATE eventstore.parked_events
                       SET status = 'PARKED', attempts = attempts + 1, last_error = $3, updated_at = now()
                     WHERE subscription = $1 AND event_id = $2 AND status IN ('REPLAY_REQUESTED', 'HELD')
                    RETURNING stream_id)
                UPDATE eventstore.parked_events p SET status = 'HELD', updated_at = now()
                  FROM parked
                 WHERE p.subscription = $1 AND p.stream_id = parked.stream_id AND p.event_id <> $2
                   AND p.status = 'REPLAY_REQUESTED'""")
                .execute(Tuple.of(name, eventId, error)).replaceWithVoid();
    }

    private Optional<Lease> lease(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Lease(new Cursor(row.getLong("tx"), row.getLong("last_position")),
                row.getBoolean("paused")));
    }

    private List<SubscriptionStatus> statuses(RowSet<Row> rows) {
        List<SubscriptionStatus> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            OffsetDateTime lease = row.getOffsetDateTime("lease_expires_at");
            result.add(new SubscriptionStatus(row.getString("name"), row.getString("owner"),
                    lease == null ? null : lease.toInstant(), row.getBoolean("paused"), row.getLong("tx"),
                    row.getLong("last_position"), row.getLong("lag"), row.getLong("parked"),
                    row.getOffsetDateTime("updated_at").toInstant()));
        }
        return result;
    }

    private List<ParkedEvent> parkedEvents(RowSet<Row> rows) {
        List<ParkedEvent> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(new ParkedEvent(row.getString("subscription"), row.getUUID("event_id"),
                    row.getLong("global_position"), row.getString("stream_id"), row.getString("correlation_id"),
                    row.getString("event_type"), row.getInteger("attempts"), row.getString("last_error"),
                    ParkedEvent.Status.valueOf(row.getString("status")), row.getString("skip_reason"),
                    row.getOffsetDateTime("parked_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant()));
        }
        return result;
    }
}
