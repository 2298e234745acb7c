package dev.eventshop.platform.operations;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.messaging.Subscriptions;
import dev.eventshop.platform.modules.ModulesConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rebuilds read models from their events while the modules keep writing them: one stream at a time, each in its own
 * short transaction ({@link ReadModel#rebuild}), in stream id order, with the progress kept in
 * {@code eventstore.read_model_rebuilds} after every page of streams. One rebuild of a read model runs at a time,
 * on the instance that was asked; one whose instance stopped (no progress for {@link #STALE}) shows as INTERRUPTED
 * and may be started again.
 */
@ApplicationScoped
public class ReadModelRebuilds {

    private static final Logger LOG = Logger.getLogger(ReadModelRebuilds.class);

    /** Streams per page: the progress is saved after each. */
    static final int PAGE = 100;
    /** A running rebuild saves its progress every page (100 short transactions), far more often than this. */
    static final Duration STALE = Duration.ofMinutes(5);
    /** How long a stream's second pass waits for the writes that were running at its first. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(30);
    private static final int ATTEMPTS_PER_STREAM = 3;

    /** A read model and its latest rebuild, if any. */
    @Schema(example = """
            {"name": "orders.order_view", "module": "orders", "streamType": "orders.order",
            "lastRebuild": {"id": "3c0f9a7e-52d1-4b8e-9e6a-2f4d7c1b0a95", "status": "DONE", "requestedBy": "ops-alice",
            "since": null, "streamsTotal": 1200, "streamsDone": 1200, "percentDone": 100,
            "lastStream": "order-ff9e1c2a-0b7d-4e21-9a4f-0c8d5e7b1a23", "error": null,
            "startedAt": "2026-12-06T08:00:00Z", "heartbeatAt": "2026-12-06T08:00:41Z",
            "finishedAt": "2026-12-06T08:00:41Z"}}""")
    public record ReadModelStatus(String name, String module, String streamType, Rebuild lastRebuild) {
    }

    /**
     * One rebuild and how far it got.
     *
     * @param status RUNNING, DONE, FAILED, or INTERRUPTED (its instance stopped before it finished)
     * @param since only the streams written since then; null for every stream
     * @param lastStream the streams up to this one, in id order, are rebuilt
     */
    @Schema(example = """
            {"id": "3c0f9a7e-52d1-4b8e-9e6a-2f4d7c1b0a95", "status": "RUNNING", "requestedBy": "ops-alice", "since": null,
            "streamsTotal": 1200, "streamsDone": 300, "percentDone": 25,
            "lastStream": "order-4a1e0c2a-0b7d-4e21-9a4f-0c8d5e7b1a23", "error": null, "startedAt": "2026-12-06T08:00:00Z",
            "heartbeatAt": "2026-12-06T08:00:10Z", "finishedAt": null}""")
    public record Rebuild(UUID id, String status, String requestedBy, Instant since, long streamsTotal,
            long streamsDone, int percentDone, String lastStream, String error, Instant startedAt,
            Instant heartbeatAt, Instant finishedAt) {
    }

    private final Map<String, ReadModel> models;
    private final EventStore store;
    private final Pool pool;
    private final OperatorActions actions;
    private final String instanceId;

    public ReadModelRebuilds(Instance<ReadModel> models, ModulesConfig modules, EventStore store, Pool pool,
            OperatorActions actions, Subscriptions subscriptions) {
        this.models = models.stream().filter(model -> modules.runs(model.module()))
                .collect(Collectors.toMap(ReadModel::name, Function.identity()));
        this.store = store;
        this.pool = pool;
        this.actions = actions;
        this.instanceId = subscriptions.instanceId();
    }

    /** Whether this process rebuilds the named read model (it runs its module). */
    public boolean knows(String name) {
        return models.containsKey(name);
    }

    /** The read models of the modules this process runs, by name, with their latest rebuilds. */
    public Uni<List<ReadModelStatus>> statuses() {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM eventstore.read_model_rebuilds WHERE read_model = ANY($1)")
                .execute(Tuple.tuple().addArrayOfString(models.keySet().toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Rebuild> rebuilds = new HashMap<>();
                    rows.forEach(row -> rebuilds.put(row.getString("read_model"), rebuildOf(row)));
                    List<ReadModelStatus> statuses = new ArrayList<>();
                    models.values().stream().sorted(Comparator.comparing(ReadModel::name))
                            .forEach(model -> statuses.add(new ReadModelStatus(model.name(), model.module(),
                                    model.streamType(), rebuilds.get(model.name()))));
                    return statuses;
                });
    }

    /** The named read model with its latest rebuild; empty when this process does not keep it. */
    public Uni<Optional<ReadModelStatus>> status(String name) {
        return statuses().map(all -> all.stream().filter(status -> status.name().equals(name)).findFirst());
    }

    /**
     * Starts a rebuild of a read model this process keeps, recorded as the operator's action, and runs it in the
     * background; empty when one is running already.
     *
     * @param since rebuild only the streams with an event recorded since then; every stream when null
     */
    public Uni<Optional<ReadModelStatus>> start(String name, Instant since) {
        ReadModel model = models.get(name);
        if (model == null) {
            throw new IllegalArgumentException("No read model " + name + " in this process");
        }
        UUID id = UUID.randomUUID();
        return actions.perform(name, (tx, operator) -> tx.connection().preparedQuery(CLAIM)
                .execute(Tuple.tuple().addString(name).addUUID(id).addString(operator).addString(instanceId)
                        .addOffsetDateTime(since == null ? null : since.atOffset(ZoneOffset.UTC))
                        .addLong(STALE.toSeconds()))
                .map(rows -> rows.size() == 1),
                (claimed, operator) -> claimed ? new OperatorEvents.ReadModelRebuildRequested(name, id, since, operator)
                        : null)
                .chain(claimed -> {
                    if (!claimed) {
                        return Uni.createFrom().item(Optional.<ReadModelStatus>empty());
                    }
                    LOG.infof("Rebuilding read model %s (rebuild %s) from the events of %s", name, id,
                            since == null ? "every " + model.streamType() + " stream"
                                    : "the " + model.streamType() + " streams written since " + since);
                    run(model, id, since).subscribe().with(ignored -> {
                    }, failure -> LOG.errorf(failure, "Rebuild %s of read model %s stopped", id, name));
                    return status(name);
                });
    }

    private static final String COLUMNS = """
            read_model, rebuild_id, status, requested_by, since, streams_total, streams_done, last_stream, last_error,
            started_at, heartbeat_at, finished_at, heartbeat_at < now() - make_interval(secs => %d) AS stale"""
            .formatted(STALE.toSeconds());

    /* A new rebuild replaces the last one unless that one is still running (its instance saves its progress). */
    private static final String CLAIM = """
            INSERT INTO eventstore.read_model_rebuilds AS r (read_model, rebuild_id, status, requested_by, owner, since)
            VALUES ($1, $2, 'RUNNING', $3, $4, $5)
            ON CONFLICT (read_model) DO UPDATE
               SET rebuild_id = excluded.rebuild_id, status = 'RUNNING', requested_by = excluded.requested_by,
                   owner = excluded.owner, since = excluded.since, streams_total = 0, streams_done = 0,
                   last_stream = '', last_error = NULL, started_at = now(), heartbeat_at = now(), finished_at = NULL
             WHERE r.status <> 'RUNNING' OR r.heartbeat_at < now() - make_interval(secs => $6)
            RETURNING read_model""";

    /** Where a rebuild is: the last stream done (in id order), how many, whether a newer rebuild took over. */
    private static final class Walk {
        String after = "";
        long done;
        boolean replaced;
    }

    /** Lists (or counts) the streams, then page after page until none is left or a newer rebuild took over. */
    private Uni<Void> run(ReadModel model, UUID id, Instant since) {
        Walk walk = new Walk();
        return prepare(model, id, since, walk)
                .chain(() -> walk.replaced ? Uni.createFrom().voidItem()
                        : Multi.createBy().repeating().uni(() -> page(model, id, since, walk))
                                .whilst(more -> more).collect().last().replaceWithVoid())
                .chain(() -> {
                    if (walk.replaced) {
                        LOG.warnf("Rebuild %s of read model %s was replaced by a newer one; it stops", id,
                                model.name());
                        return Uni.createFrom().voidItem();
                    }
                    return finish(model, id, walk.done);
                })
                .onFailure().recoverWithUni(failure -> failed(model, id, walk, failure))
                .eventually(() -> since == null ? Uni.createFrom().voidItem()
                        : pool.preparedQuery("DELETE FROM eventstore.read_model_rebuild_streams WHERE rebuild_id = $1")
                                .execute(Tuple.of(id)).replaceWithVoid());
    }

    /*
     * The streams written since an instant are listed once, in one pass over the events of that window (by time,
     * through the block range index on recorded_at), rather than once per page. The listing may take a few minutes,
     * less than STALE: a longer window is better rebuilt whole. Lists left by rebuilds that were replaced go first.
     */
    private static final String LIST_WRITTEN_SINCE = """
            INSERT INTO eventstore.read_model_rebuild_streams (rebuild_id, stream_id)
            SELECT DISTINCT $1::uuid, stream_id FROM eventstore.events WHERE stream_type = $2 AND recorded_at >= $3""";
    private static final String FORGET_REPLACED_LISTS = """
            DELETE FROM eventstore.read_model_rebuild_streams l
             WHERE NOT EXISTS (SELECT 1 FROM eventstore.read_model_rebuilds r WHERE r.rebuild_id = l.rebuild_id)""";

    private Uni<Void> prepare(ReadModel model, UUID id, Instant since, Walk walk) {
        Uni<Long> total = since == null ? store.countStreams(model.streamType())
                : pool.withTransaction(tx -> tx.query("SET LOCAL statement_timeout = '4min'").execute()
                        .chain(() -> tx.query(FORGET_REPLACED_LISTS).execute())
                        .chain(() -> tx.preparedQuery(LIST_WRITTEN_SINCE)
                                .execute(Tuple.of(id, model.streamType(), since.atOffset(ZoneOffset.UTC))))
                        .map(rows -> (long) rows.rowCount()));
        return total.chain(count -> pool.preparedQuery("""
                UPDATE eventstore.read_model_rebuilds SET streams_total = $3, heartbeat_at = now()
                 WHERE read_model = $1 AND rebuild_id = $2 AND status = 'RUNNING'""")
                .execute(Tuple.of(model.name(), id, count)))
                .invoke(rows -> walk.replaced = rows.rowCount() == 0)
                .replaceWithVoid();
    }

    /** One page of streams; whether there may be more. */
    private Uni<Boolean> page(ReadModel model, UUID id, Instant since, Walk walk) {
        Uni<List<String>> next = since == null ? store.streamIds(model.streamType(), walk.after, PAGE)
                : pool.preparedQuery("""
                        SELECT stream_id FROM eventstore.read_model_rebuild_streams
                         WHERE rebuild_id = $1 AND stream_id > $2 ORDER BY stream_id LIMIT $3""")
                        .execute(Tuple.of(id, walk.after, PAGE)).map(rows -> {
                            List<String> ids = new ArrayList<>(rows.size());
                            rows.forEach(row -> ids.add(row.getString("stream_id")));
                            return ids;
                        });
        return next.chain(streams -> {
            if (streams.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            String last = streams.get(streams.size() - 1);
            return Multi.createFrom().iterable(streams)
                    .onItem().transformToUniAndConcatenate(stream -> rebuild(model, stream)
                            .onFailure().transform(failure -> new StreamFailed(stream, failure)))
                    .collect().last()
                    .chain(() -> progress(model, id, walk.done + streams.size(), last))
                    .map(ours -> {
                        if (!ours) {
                            walk.replaced = true;
                            return false;
                        }
                        walk.done += streams.size();
                        walk.after = last;
                        return streams.size() == PAGE;
                    });
        });
    }

    /**
     * One stream, in a transaction of its own; once more over rows it had to insert, after the writes that began
     * before its commit ended (one of them may have found no row to update).
     */
    private Uni<Void> rebuild(ReadModel model, String stream) {
        return retried(store.inTransaction(tx -> model.rebuild(tx, stream, false)))
                .chain(inserted -> !inserted ? Uni.createFrom().voidItem()
                        : store.awaitTransactionsRunningNow(IN_FLIGHT)
                                .chain(() -> retried(store.inTransaction(tx -> model.rebuild(tx, stream, true))))
                                .replaceWithVoid());
    }

    /** A lock wait or a dropped connection passes; a stream that cannot be rebuilt stops the rebuild. */
    private static <T> Uni<T> retried(Uni<T> attempt) {
        return attempt.onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .atMost(ATTEMPTS_PER_STREAM - 1);
    }

    /** The stream a rebuild could not get past. */
    private static final class StreamFailed extends RuntimeException {
        final String stream;

        StreamFailed(String stream, Throwable cause) {
            super("stream " + stream + ": " + cause, cause, false, false);
            this.stream = stream;
        }
    }

    private Uni<Boolean> progress(ReadModel model, UUID id, long done, String last) {
        return pool.preparedQuery("""
                UPDATE eventstore.read_model_rebuilds SET streams_done = $3, last_stream = $4, heartbeat_at = now()
                 WHERE read_model = $1 AND rebuild_id = $2 AND status = 'RUNNING'""")
                .execute(Tuple.of(model.name(), id, done, last)).map(rows -> rows.rowCount() == 1);
    }

    private Uni<Void> finish(ReadModel model, UUID id, long done) {
        return pool.preparedQuery("""
                UPDATE eventstore.read_model_rebuilds
                   SET status = 'DONE', streams_done = $3, streams_total = greatest(streams_total, $3),
                       heartbeat_at = now(), finished_at = now()
                 WHERE read_model = $1 AND rebuild_id = $2 AND status = 'RUNNING'""")
                .execute(Tuple.of(model.name(), id, done))
                .invoke(rows -> {
                    if (rows.rowCount() == 1) {
                        LOG.infof("Rebuilt read model %s (rebuild %s): %d streams", model.name(), id, done);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> failed(ReadModel model, UUID id, Walk walk, Throwable failure) {
        boolean atStream = failure instanceof StreamFailed;
        String error = atStream ? failure.getMessage() : failure.toString();
        LOG.errorf(atStream ? failure.getCause() : failure, "Rebuild %s of read model %s failed (%s) after %d streams;"
                + " the streams after it were not rebuilt. Fix the cause and start it again", id, model.name(), error,
                walk.done);
        return pool.preparedQuery("""
                UPDATE eventstore.read_model_rebuilds SET status = 'FAILED', last_error = $3, heartbeat_at = now(),
                       finished_at = now()
                 WHERE read_model = $1 AND rebuild_id = $2 AND status = 'RUNNING'""")
                .execute(Tuple.of(model.name(), id, error)).replaceWithVoid();
    }

    private static Rebuild rebuildOf(Row row) {
        String status = row.getString("status");
        if (status.equals("RUNNING") && row.getBoolean("stale")) {
            status = "INTERRUPTED";
        }
        long total = row.getLong("streams_total");
        long done = row.getLong("streams_done");
        int percent = status.equals("DONE") ? 100 : total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
        return new Rebuild(row.getUUID("rebuild_id"), status, row.getString("requested_by"), instant(row, "since"),
                total, done, percent, row.getString("last_stream"), row.getString("last_error"),
                instant(row, "started_at"), instant(row, "heartbeat_at"), instant(row, "finished_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
