package dev.eventshop.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the inbox ({@code eventstore.processed_events}) bounded. The rule: a record of subscription S for event E may
 * go once S's stored checkpoint has passed E, because no owner ever delivers an event at or below the checkpoint again
 * (a new owner resumes after it, and the checkpoint only moves forward), and parked or held events are replayed from
 * {@code parked_events}, never from the inbox. Records are kept {@code inbox-retention} longer for people looking
 * into an incident. A channel on Kafka reads the received log: records of events from another store go below its
 * {@code <channel>@kafka} checkpoint; this store's own events that came back through Kafka go by the rule above,
 * against the {@code <channel>} checkpoint that the hand-over keeps moving.
 */
@ApplicationScoped
public class InboxPruner {

    private static final Logger LOG = Logger.getLogger(InboxPruner.class);
    /** Records deleted per statement, so that pruning a large backlog never holds long locks. */
    static final int BATCH = 5_000;

    private static final String PRUNE = """
            DELETE FROM eventstore.processed_events
             WHERE ctid = ANY (ARRAY(
                   SELECT p.ctid
                     FROM eventstore.processed_events p
                     JOIN eventstore.subscriptions s ON s.name = p.subscription
                     JOIN eventstore.events e ON e.event_id = p.event_id
                    WHERE (e.transaction_id, e.global_position) <= (s.last_transaction_id, s.last_position)
                      AND p.processed_at < now() - make_interval(secs => $1::bigint / 1000.0)
                    LIMIT $2))""";

    /*
     * Records of events received from another store (a module running elsewhere): below the received-log checkpoint
     * of the channel's Kafka path. Events of this store that came back through Kafka are pruned by the rule above,
     * against the events-log checkpoint, which the hand-over keeps moving (see Handover).
     */
    private static final String PRUNE_RECEIVED = """
            DELETE FROM eventstore.processed_events
             WHERE ctid = ANY (ARRAY(
                   SELECT p.ctid
                     FROM eventstore.processed_events p
                     JOIN eventstore.subscriptions s ON s.name = p.subscription || '@kafka'
                     JOIN eventstore.received_events r ON r.event_id = p.event_id
                    WHERE (r.transaction_id, r.global_position) <= (s.last_transaction_id, s.last_position)
                      AND r.source_store <> (SELECT id FROM eventstore.store_identity)
                      AND p.processed_at < now() - make_interval(secs => $1::bigint / 1000.0)
                    LIMIT $2))""";

    private final Pool pool;
    private final Vertx vertx;
    private final SubscriptionsConfig config;
    private volatile long timer = -1;

    public InboxPruner(Pool pool, Vertx vertx, SubscriptionsConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.inboxPruneInterval().toMillis(), id -> pruneNow().subscribe().with(
                pruned -> LOG.debugf("Pruned %d inbox records below their checkpoints", pruned),
                failure -> LOG.warnf("Pruning the inbox failed: %s", failure.getMessage())));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Deletes every inbox record below its subscription's checkpoint and older than the retention, in batches. */
    public Uni<Long> pruneNow() {
        return batch(PRUNE, 0).chain(pruned -> batch(PRUNE_RECEIVED, pruned));
    }

    private Uni<Long> batch(String sql, long sofar) {
        return pool.preparedQuery(sql).execute(Tuple.of(config.inboxRetention().toMillis(), BATCH))
                .chain(rows -> rows.rowCount() < BATCH ? Uni.createFrom().item(sofar + rows.rowCount())
                        : batch(sql, sofar + rows.rowCount()));
    }
}
