package dev.eventshop.platform.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * The durable, append-only log every module writes its events to and every subscription reads from.
 * <p>
 * Appends are optimistic: each stream version is unique, so of two writers expecting the same version exactly one
 * wins and the other gets a {@link ConcurrencyConflictException}. Catch-up reads ({@link #readAll}) are gap-free: see
 * modules.md, "Why catch-up never skips".
 */
@ApplicationScoped
public class EventStore {

    /*
     * One statement per stream. Versions follow the expected version; the unique (stream_id, stream_version) makes
     * the loser of a race fail. Only "expect exactly N" needs a look at the stream: version N must exist, or the
     * append would leave a hole. ANY appends after whatever is there.
     */
    private static final String INSERT_MANY = """
            INSERT INTO eventstore.events (event_id, stream_id, stream_type, stream_version, event_type, payload,
                                           correlation_id, causation_id, traceparent, module, occurred_at)
            SELECT e.event_id, $1, $2, %1$s + e.ord, e.event_type, e.payload::jsonb,
                   $6::text, $7::text, $8::text, $9::text, $10::timestamptz
              FROM unnest($3::uuid[], $4::text[], $5::text[]) WITH ORDINALITY AS e(event_id, event_type, payload, ord)
             %2$s
             ORDER BY e.ord
            RETURNING global_position, stream_version""";

    /*
     * The common case, one event, without the array round trip. The payload travels as text: a String bound to a
     * jsonb parameter would be stored as a JSON string, not as the object it holds.
     */
    private static final String INSERT_ONE = """
            INSERT INTO eventstore.events (event_id, stream_id, stream_type, stream_version, event_type, payload,
                                           correlation_id, causation_id, traceparent, module, occurred_at)
            SELECT $3::uuid, $1, $2, %1$s + 1, $4, $5::text::jsonb, $6::text, $7::text, $8::text, $9::text, $10::timestamptz
             %2$s
            RETURNING global_position, stream_version""";

    private static final String AT_VERSION = "$11::bigint";
    /*
     * Catch-up readers order by transaction id, so a stream's versions must rise with its transaction ids: an append
     * on top of an event written by a newer transaction (possible when this transaction got its id earlier, e.g. at
     * its inbox insert) is refused as a conflict and retried in a new transaction. Checking the head event suffices:
     * every append before it passed the same check.
     */
    private static final String VERSION_EXISTS = """
            WHERE EXISTS (SELECT 1 FROM eventstore.events WHERE stream_id = $1 AND stream_version = $11::bigint
                                                          AND transaction_id <= pg_current_xact_id())""";
    private static final String HEAD = "(SELECT coalesce(max(stream_version), 0) FROM eventstore.events WHERE stream_id = $1)";
    private static final String HEAD_NOT_NEWER = """
            WHERE NOT EXISTS (SELECT 1 FROM eventstore.events WHERE stream_id = $1 AND stream_version = %s
                                                              AND transaction_id > pg_current_xact_id())""".formatted(HEAD);

    static final String APPEND_NEW_STREAM = INSERT_MANY.formatted("0", "");
    static final String APPEND_AT_VERSION = INSERT_MANY.formatted(AT_VERSION, VERSION_EXISTS);
    static final String APPEND_ANY = INSERT_MANY.formatted(HEAD, HEAD_NOT_NEWER);
    static final String APPEND_ONE_NEW_STREAM = INSERT_ONE.formatted("0", "");
    static final String APPEND_ONE_AT_VERSION = INSERT_ONE.formatted(AT_VERSION, VERSION_EXISTS);
    static final String APPEND_ONE_ANY = INSERT_ONE.formatted(HEAD, HEAD_NOT_NEWER);

    /** Where the guard's condition goes in an append's statement, before it is composed into one statement. */
    private static final String GUARD_MARK = OneStatement.GUARD;

    private static final String METADATA_COLUMNS = "correlation_id, causation_id, traceparent, module, occurred_at";

    private static final String COLUMNS = """
            global_position, transaction_id::text::bigint AS tx, event_id, stream_id, stream_type,
            stream_version, event_type, payload::text AS payload, recorded_at,
            """ + METADATA_COLUMNS;

    /** The received log's rows also say where each event was appended. */
    private static final String ORIGIN_COLUMNS = ", source_store, source_transaction_id, source_position";

    private static String columns(EventLog log) {
        return log == EventLog.RECEIVED ? COLUMNS + ORIGIN_COLUMNS : COLUMNS;
    }

    private static final String READ_STREAM = "SELECT " + COLUMNS + "\n" + """
             FROM eventstore.events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version""";

    private static final String AFTER_CURSOR = "\n WHERE (transaction_id, global_position) > ($1::text::xid8, $2)";

    /*
     * Only transactions older than the oldest one still running (xmin) are read, so no event can later commit
     * behind the cursor. The cursor orders by transaction first, then position within it.
     */
    private static final String BELOW_HORIZON = AFTER_CURSOR
            + "\n   AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())";

    /*
     * What a live subscription reads: every committed event after the cursor, even one whose transaction is newer
     * than a transaction still running, and the horizon (the oldest transaction still running) of the same snapshot.
     * Events at or above the horizon may be delivered at once, but a cursor may only move over events below it: an
     * older transaction can still commit events that sort before them.
     */
    private static final String WITH_HORIZON = "page.*, pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon";

    private static final Map<String, String> PAGE_QUERIES = new ConcurrentHashMap<>();

    /*
     * A page of events after the cursor ($1, $2), at most $3, of all stream types or of the types in $4, $5 ...
     * Filtered reads go through the (stream_type, transaction_id, global_position) index, one ordered branch per
     * type, so a subscription never scans the events of other types; the first $3 of the merged branches are the
     * first $3 of the wanted events.
     */
    private static String pageQuery(EventLog log, String select, String where, int types) {
        return PAGE_QUERIES.computeIfAbsent(log + select + where + types, key -> {
            StringBuilder sql = new StringBuilder("SELECT ").append(select).append(" FROM (");
            for (int i = 0; i < Math.max(1, types); i++) {
                sql.append(i == 0 ? "" : " UNION ALL ").append("(SELECT ").append(columns(log))
                        .append("\n FROM ").append(log.table()).append(where)
                        .append(types == 0 ? "" : "\n AND stream_type = $" + (4 + i))
                        .append("\n ORDER BY transaction_id, global_position LIMIT $3)");
            }
            return sql.append(") page ORDER BY tx, global_position LIMIT $3").toString();
        });
    }

    /** The first key of the advisory locks that order writers of one Kafka partition into the received log. */
    static final int RECEIVE_LOCK_SPACE = 0x65766e74;

    /*
     * A polled batch of received events in one statement, in the batch's order (WITH ORDINALITY), so the positions
     * they get keep Kafka's order within each partition. An event already received (redelivered, or read by another
     * instance of this database's consumer group before a rebalance) is left as it is.
     *
     * $18 the advisory lock keys of the batch's partitions, so that writers of one partition take turns: the InitPlan
     * of the one-time filter takes them (in key order, so two writers cannot deadlock) before the first row is made,
     * and so before the transaction id and the positions are drawn; they are held until the statement commits. The
     * subquery must not refer to the rows, or it would run per row, after the first id was drawn. One
     * statement instead of BEGIN, a locking SELECT, the INSERT and COMMIT: the receiver's thread waits for it before
     * it fetches again, so its round trips are part of every Kafka hop (README, Performance).
     */
    private static final String RECEIVE = """
            INSERT INTO eventstore.received_events (event_id, stream_id, stream_type, stream_version, event_type,
                   payload, correlation_id, causation_id, traceparent, module, occurred_at, source_store,
                   source_transaction_id, source_position, topic, kafka_partition, kafka_offset)
            SELECT r.id, r.stream, r.stype, r.version, r.etype, r.payload::jsonb, r.correlation, r.causation,
                   r.trace, r.module, r.occurred, r.store, r.stx, r.spos, r.topic, r.part, r.off
              FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::uuid[], $13::bigint[],
                          $14::bigint[], $15::text[], $16::int[], $17::bigint[])
                   WITH ORDINALITY AS r(id, stream, stype, version, etype, payload, correlation, causation, trace,
                                        module, occurred, store, stx, spos, topic, part, off, n)
             WHERE (SELECT count(*) FROM (SELECT pg_advisory_xact_lock(%d, k::int)
                                            FROM unnest($18::bigint[]) k ORDER BY k) locks) >= 0
             ORDER BY r.n
            ON CONFLICT (event_id) DO NOTHING""".formatted(RECEIVE_LOCK_SPACE);

    private static final String UNIQUE_VIOLATION = "23505";
    private static final Logger LOG = Logger.getLogger(EventStore.class);

    private final Pool pool;
    private final EventCodec codec;
    private final AppendSignals signals;
    private final Upcasters upcasters;
    private final Map<String, Counter> appendedByType = new ConcurrentHashMap<>();
    private volatile UUID storeId;

    public EventStore(Pool pool, EventCodec codec, AppendSignals signals, Upcasters upcasters) {
        this.pool = pool;
        this.codec = codec;
        this.signals = signals;
        this.upcasters = upcasters;
    }

    /** Appends to one stream in one statement (its own transaction). */
    public Uni<AppendResult> append(StreamAppend append, EventMetadata metadata) {
        return appendWith(pool, append, metadata)
                .invoke(() -> {
                    Set<AppendSignals.Kind> appended = new HashSet<>();
                    announce(appended, append);
                    signals.appended(appended);
                    count(append);
                });
    }

    /** Appends to several streams atomically: all of them or none. */
    public Uni<List<AppendResult>> append(List<StreamAppend> appends, EventMetadata metadata) {
        return inTransaction(tx -> tx.append(appends, metadata));
    }

    /**
     * Runs {@code work} in one database transaction. Events appended through the {@link Tx} and whatever else the
     * work writes on {@link Tx#connection()} (read models, the inbox) commit together or not at all.
     */
    public <T> Uni<T> inTransaction(Function<Tx, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Set<AppendSignals.Kind> appendedTypes = ConcurrentHashMap.newKeySet();
            List<Runnable> afterCommit = new CopyOnWriteArrayList<>();
            return pool.withTransaction(connection -> work.apply(new Tx(connection, appendedTypes, afterCommit)))
                    .invoke(() -> {
                        afterCommit.forEach(Runnable::run);
                        if (!appendedTypes.isEmpty()) {
                            signals.appended(appendedTypes);
                        }
                    });
        });
    }

    /**
     * What lets the writes of a {@link OneStatement} apply: common table expressions ({@code ctes}, parameters from
     * {@code $1}) of which the one named {@code passed} returns a row when the writes may apply, and the
     * {@code columns} the statement answers with (beside {@code passed}, whether they applied).
     */
    public record Guard(String ctes, Tuple args, String passed, String columns) {
        /** No condition: the writes always apply. */
        public static final Guard NONE = new Guard("always AS (SELECT 1)", Tuple.tuple(), "always", "1 AS always");
    }

    /**
     * Runs {@code guard} and, when it passes, {@code statement}'s writes, all in one statement: one round trip and
     * one transaction. An append that finds its stream elsewhere than expected fails the whole statement with a
     * {@link ConcurrencyConflictException}, so nothing of it commits, the guard's own writes included.
     *
     * @return the statement's one row: the guard's columns and {@code passed}
     */
    public Uni<Row> inOneStatement(Guard guard, OneStatement statement) {
        List<OneStatement.Append> appends = statement.appends;
        Tuple args = Tuple.tuple();
        addAll(args, guard.args());
        for (OneStatement.Append append : appends) {
            addAll(args, appendArgs(append.append(), append.metadata()));
            args.addLong((long) append.append().events().size()).addString(append.append().streamId())
                    .addLong(append.append().expectedVersion());
        }
        for (OneStatement.Write write : statement.writes) {
            addAll(args, write.args());
        }
        String sql = ONE_STATEMENTS.computeIfAbsent(OneStatementShape.of(guard, statement), EventStore::compose);
        return pool.preparedQuery(sql).execute(args)
                .onFailure(failure -> isVersionClash(failure) || hasState(failure, OneStatement.VERSION_ELSEWHERE))
                .transform(failure -> conflictOf(appends, failure))
                .onFailure(failure -> hasState(failure, OneStatement.ROW_MISSING))
                .transform(failure -> new OneStatement.MissingRowException(((PgException) failure).getErrorMessage()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (row.getBoolean("passed")) {
                        Set<AppendSignals.Kind> appended = new HashSet<>();
                        for (OneStatement.Append append : appends) {
                            announce(appended, append.append());
                            count(append.append());
                        }
                        for (int i = 0; i < statement.writes.size(); i++) {
                            OneStatement.Write write = statement.writes.get(i);
                            if (write.onCommit() != null) {
                                write.onCommit().accept(row.getValue("w" + i));
                            }
                        }
                        statement.afterCommit.forEach(Runnable::run);
                        if (!appended.isEmpty()) {
                            signals.appended(appended);
                        }
                    }
                    return row;
                });
    }

    /**
     * What the text of a one statement depends on. The writes' SQL are their callers' constants, whose hashes are
     * computed once and which compare by identity first, so finding a composed statement costs next to nothing.
     */
    private record OneStatementShape(Guard guard, List<String> appends, List<OneStatement.Write> writes,
            List<Integer> writeArgs) {
        static OneStatementShape of(Guard guard, OneStatement statement) {
            List<String> appends = new ArrayList<>(statement.appends.size());
            for (OneStatement.Append append : statement.appends) {
                appends.add(appendSql(append.append(), true));
            }
            List<OneStatement.Write> writes = new ArrayList<>(statement.writes.size());
            List<Integer> writeArgs = new ArrayList<>(statement.writes.size());
            for (OneStatement.Write write : statement.writes) {
                writes.add(new OneStatement.Write(write.sql(), null, write.returning(), null, write.required()));
                writeArgs.add(write.args().size());
            }
            return new OneStatementShape(new Guard(guard.ctes(), null, guard.passed(), guard.columns()), appends,
                    writes, writeArgs);
        }
    }

    /** The Vert.x client's default: longer statements are not kept prepared. */
    private static final int PREPARED_STATEMENT_CACHE_SQL_LIMIT = 2048;

    /** One statement's text by its shape: a handful of shapes, each prepared once per connection. */
    private static final Map<OneStatementShape, String> ONE_STATEMENTS = new ConcurrentHashMap<>();

    private static String compose(OneStatementShape shape) {
        Guard guard = shape.guard();
        String condition = "EXISTS (SELECT 1 FROM " + guard.passed() + ")";
        StringBuilder sql = new StringBuilder(1024).append("WITH ").append(guard.ctes());
        StringBuilder columns = new StringBuilder(guard.columns()).append(", ").append(condition).append(" AS passed");
        int at = OneStatement.highestParameter(guard.ctes()); // the guard's own arguments are not part of the shape
        for (int i = 0; i < shape.appends().size(); i++) {
            String append = shape.appends().get(i).replace(GUARD_MARK, condition);
            sql.append(",\n a").append(i).append(" AS (").append(OneStatement.shifted(append, at)).append(')');
            at += OneStatement.highestParameter(append);
            columns.append(", eventstore.expect_appended(").append(condition).append(", (SELECT count(*) FROM a")
                    .append(i).append("), $").append(at + 1).append(", $").append(at + 2).append(", $")
                    .append(at + 3).append(") AS a").append(i);
            at += 3;
        }
        for (int i = 0; i < shape.writes().size(); i++) {
            OneStatement.Write write = shape.writes().get(i);
            String body = write.sql().replace(OneStatement.GUARD, condition);
            // a write without RETURNING cannot be read from, but runs to completion all the same
            sql.append(",\n w").append(i).append(" AS (").append(OneStatement.shifted(body, at)).append(')');
            at += shape.writeArgs().get(i);
            if (write.returning() != null) {
                columns.append(", (SELECT ").append(write.returning()).append(" FROM w").append(i)
                        .append(" LIMIT 1) AS w").append(i);
            }
            if (write.required()) {
                columns.append(", eventstore.expect_written(").append(condition).append(", (SELECT count(*) FROM w")
                        .append(i).append("), 'w").append(i).append("') AS w").append(i).append("_written");
            }
        }
        // compact: the client caches prepared statements up to a length, and the parts' indentation is most of it
        String composed = sql.append("\nSELECT ").append(columns).toString().replaceAll("\\s+", " ");
        if (composed.length() > PREPARED_STATEMENT_CACHE_SQL_LIMIT) {
            LOG.warnf("A statement of %d characters is not kept prepared by the client (it keeps those up to %d):"
                    + " it is parsed and planned on every call. %s", composed.length(),
                    PREPARED_STATEMENT_CACHE_SQL_LIMIT, composed);
        }
        return composed;
    }

    private static void addAll(Tuple to, Tuple from) {
        for (int i = 0; i < from.size(); i++) {
            to.addValue(from.getValue(i));
        }
    }

    private static boolean hasState(Throwable failure, String sqlState) {
        return failure instanceof PgException pg && sqlState.equals(pg.getSqlState());
    }

    /** The conflict, naming the stream the database named (a unique clash names none: then the first stream). */
    private static ConcurrencyConflictException conflictOf(List<OneStatement.Append> appends, Throwable failure) {
        String message = failure instanceof PgException pg ? String.valueOf(pg.getErrorMessage()) : "";
        StreamAppend named = appends.isEmpty() ? null : appends.get(0).append();
        for (OneStatement.Append append : appends) {
            if (message.startsWith("stream " + append.append().streamId() + " is not at version")) {
                named = append.append();
            }
        }
        return named == null ? new ConcurrencyConflictException("?", ExpectedVersion.ANY, null)
                : new ConcurrencyConflictException(named.streamId(), named.expectedVersion(), null);
    }

    /** All events of a stream, in version order. */
    public Uni<List<RecordedEvent>> readStream(String streamId) {
        return readStream(streamId, 0);
    }

    /** The events of a stream after {@code afterVersion}, in version order. */
    public Uni<List<RecordedEvent>> readStream(String streamId, long afterVersion) {
        return readStream(pool, streamId, afterVersion);
    }

    private Uni<List<RecordedEvent>> readStream(SqlClient client, String streamId, long afterVersion) {
        return client.preparedQuery(READ_STREAM).execute(Tuple.of(streamId, afterVersion)).map(this::toEvents);
    }

    /*
     * $1 the stream, $2 the version after which to look. Both logs: a stream of a module that runs in another process
     * with a database of its own reaches this store only through Kafka, into the received log.
     */
    private static final String LATER_TYPES = """
            SELECT event_type FROM eventstore.events WHERE stream_id = $1 AND stream_version > $2
            UNION ALL
            SELECT event_type FROM eventstore.received_events WHERE stream_id = $1 AND stream_version > $2""";

    /**
     * The types of a stream's events after {@code afterVersion}, each by its current name (as the upcasters bring it
     * up), whether this store appended them or received them from Kafka (then as often as either log holds it): what
     * a module may ask of another module's stream, wherever that module runs.
     */
    public Uni<List<String>> typesAfter(String streamId, long afterVersion) {
        return pool.preparedQuery(LATER_TYPES).execute(Tuple.of(streamId, afterVersion)).map(rows -> {
            List<String> types = new ArrayList<>(rows.size());
            rows.forEach(row -> types.add(upcasters.currentName(row.getString(0))));
            return types;
        });
    }

    /**
     * Rebuilds an aggregate by folding its stream's events, decoded into {@code contracts}, over {@code initial}.
     * An empty stream gives {@code initial} at version 0.
     */
    public <A> Uni<Loaded<A>> load(String streamId, A initial, Collection<Class<?>> contracts,
            BiFunction<A, Object, A> evolve) {
        return loadEvents(streamId, contracts).map(stream -> stream.fold(initial, evolve));
    }

    /** A stream's events decoded into {@code contracts}, in version order, and the version they bring it to. */
    public Uni<DecodedStream> loadEvents(String streamId, Collection<Class<?>> contracts) {
        return loadEvents(pool, streamId, contracts);
    }

    private Uni<DecodedStream> loadEvents(SqlClient client, String streamId, Collection<Class<?>> contracts) {
        Map<String, Class<?>> byType = contracts.stream().collect(Collectors.toMap(codec::typeOf, c -> c));
        return readStream(client, streamId, 0).map(events -> {
            List<Object> decoded = new ArrayList<>(events.size());
            long version = 0;
            for (RecordedEvent event : events) {
                Class<?> contract = byType.get(event.type());
                if (contract == null) {
                    throw new IllegalStateException("Stream " + streamId + " holds " + event.type()
                            + ", which none of " + byType.keySet() + " decodes");
                }
                decoded.add(codec.read(event.payload(), contract));
                version = event.streamVersion();
            }
            return new DecodedStream(List.copyOf(decoded), version);
        });
    }

    /**
     * Up to {@code limit} events after {@code after}, in cursor order, never skipping one that commits later.
     *
     * @param streamTypes only events of these stream types; all when empty
     */
    public Uni<List<RecordedEvent>> readAll(Cursor after, Collection<String> streamTypes, int limit) {
        Tuple args = Tuple.of(Long.toString(after.transactionId()), after.position(), (long) limit);
        streamTypes.forEach(args::addString);
        return pool.preparedQuery(pageQuery(EventLog.EVENTS, "*", BELOW_HORIZON, streamTypes.size())).execute(args)
                .map(this::toEvents);
    }

    /**
     * Up to {@code limit} committed events after {@code after}, in cursor order — including events of transactions
     * newer than one still running — and the horizon below which no event can appear any more. See
     * {@link CommittedPage}.
     *
     * @param streamTypes only events of these stream types; all when empty
     */
    public Uni<CommittedPage> readCommitted(Cursor after, Collection<String> streamTypes, int limit) {
        return readCommitted(EventLog.EVENTS, after, streamTypes, limit);
    }

    /** As {@link #readCommitted(Cursor, Collection, int)}, from {@code log}. */
    public Uni<CommittedPage> readCommitted(EventLog log, Cursor after, Collection<String> streamTypes, int limit) {
        Tuple args = Tuple.of(Long.toString(after.transactionId()), after.position(), (long) limit);
        streamTypes.forEach(args::addString);
        return pool.preparedQuery(pageQuery(log, WITH_HORIZON, AFTER_CURSOR, streamTypes.size())).execute(args).map(rows -> {
            List<RecordedEvent> events = new ArrayList<>(rows.size());
            long horizon = 0;
            Columns columns = Columns.of(rows.columnsNames());
            for (Row row : rows) {
                events.add(toEvent(row, columns));
                horizon = row.getLong(columns.horizon());
            }
            return new CommittedPage(events, horizon, events.size() == limit);
        });
    }

    /**
     * Every event of these streams, whether appended to this store or received from Kafka (a module running in
     * another process), each once, in the order they were recorded here: a flow's timeline across modules.
     */
    public Uni<List<RecordedEvent>> readStreams(Collection<String> streamIds) {
        Tuple ids = Tuple.tuple().addArrayOfString(streamIds.toArray(String[]::new));
        String where = " WHERE stream_id = ANY($1)";
        return Uni.combine().all().unis(
                pool.preparedQuery("SELECT " + columns(EventLog.EVENTS) + " FROM " + EventLog.EVENTS.table() + where)
                        .execute(ids).map(this::toEvents),
                pool.preparedQuery("SELECT " + columns(EventLog.RECEIVED) + " FROM " + EventLog.RECEIVED.table()
                        + where).execute(ids).map(this::toEvents))
                .asTuple().map(logs -> {
                    Map<UUID, RecordedEvent> once = new LinkedHashMap<>();
                    for (RecordedEvent event : logs.getItem1()) {
                        once.put(event.eventId(), event);
                    }
                    for (RecordedEvent event : logs.getItem2()) {
                        once.putIfAbsent(event.eventId(), event);
                    }
                    // a transaction's events share its start time: then this store's own before the received, each
                    // log in its order
                    return once.values().stream().sorted(Comparator.comparing(RecordedEvent::recordedAt)
                            .thenComparing(event -> event.origin() != null)
                            .thenComparingLong(RecordedEvent::globalPosition)).toList();
                });
    }

    /** One event of a flow, as {@link #flows} gives it. */
    public record FlowEvent(String streamId, String type, Instant occurredAt) {
    }

    /**
     * The flows begun since {@code since} (at most {@code limit}, oldest first) and their events of the given types,
     * from this store and from what was received from Kafka. A flow is begun by a {@code startType} event in a stream
     * of {@code startStreamType} whose id is {@code streamPrefixes[0] + flowId}; its streams are {@code prefix +
     * flowId} for each prefix (an order's: {@code order-}, {@code reservation-}, {@code payment-}, ...). Types are
     * matched and reported as their current version ({@link Upcasters}): an older stored version counts as the
     * current one. A version newer than this build knows is not seen.
     *
     * @return each flow's events by flow id, in no particular order
     */
    public Uni<Map<String, List<FlowEvent>>> flows(String startStreamType, String startType, List<String> streamPrefixes,
            Collection<String> types, Instant since, int limit) {
        String sql = """
                WITH started AS (
                    SELECT substr(stream_id, $3::int + 1) AS flow FROM eventstore.events
                     WHERE stream_type = $1 AND event_type = ANY($2) AND recorded_at >= $4
                     ORDER BY global_position LIMIT $5),
                streams AS (SELECT s.flow, p.prefix || s.flow AS stream_id FROM started s, unnest($6::text[]) p(prefix))
                SELECT st.flow, e.stream_id, e.event_type, e.occurred_at
                  FROM streams st JOIN eventstore.events e ON e.stream_id = st.stream_id WHERE e.event_type = ANY($7)
                UNION ALL
                SELECT st.flow, e.stream_id, e.event_type, e.occurred_at
                  FROM streams st JOIN eventstore.received_events e ON e.stream_id = st.stream_id
                 WHERE e.event_type = ANY($7)""";
        // stored names: older versions of the types asked for count too, read as the newest ({@link Upcasters})
        Tuple args = Tuple.of(startStreamType,
                upcasters.storedNamesOf(List.of(upcasters.currentName(startType))).toArray(String[]::new),
                streamPrefixes.get(0).length(),
                since.atOffset(ZoneOffset.UTC), limit)
                .addArrayOfString(streamPrefixes.toArray(String[]::new))
                .addArrayOfString(upcasters.storedNamesOf(types.stream().map(upcasters::currentName).toList())
                        .toArray(String[]::new));
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            Map<String, List<FlowEvent>> flows = new LinkedHashMap<>();
            for (Row row : rows) {
                flows.computeIfAbsent(row.getString("flow"), ignored -> new ArrayList<>()).add(new FlowEvent(
                        row.getString("stream_id"), upcasters.currentName(row.getString("event_type")),
                        row.getOffsetDateTime("occurred_at").toInstant()));
            }
            return flows;
        });
    }

    /** The latest {@code limit} events of a stream type, newest first. */
    public Uni<List<RecordedEvent>> latest(String streamType, int limit) {
        return pool.preparedQuery("SELECT " + columns(EventLog.EVENTS) + " FROM " + EventLog.EVENTS.table()
                + " WHERE stream_type = $1 ORDER BY transaction_id DESC, global_position DESC LIMIT $2")
                .execute(Tuple.of(streamType, limit)).map(this::toEvents);
    }

    /* The streams of a type, by id: every stream has one first event, found through a partial index. */
    private static final String STREAMS = """
            SELECT stream_id FROM eventstore.events
             WHERE stream_type = $1 AND stream_version = 1 AND stream_id > $2 ORDER BY stream_id LIMIT $3""";

    /** Up to {@code limit} ids of the streams of {@code streamType} after {@code after} ("" for the first), by id. */
    public Uni<List<String>> streamIds(String streamType, String after, int limit) {
        return pool.preparedQuery(STREAMS).execute(Tuple.of(streamType, after, limit)).map(rows -> {
            List<String> ids = new ArrayList<>(rows.size());
            rows.forEach(row -> ids.add(row.getString("stream_id")));
            return ids;
        });
    }

    /** How many streams of {@code streamType} there are: one index entry each. */
    public Uni<Long> countStreams(String streamType) {
        return pool.preparedQuery("SELECT count(*) FROM eventstore.events WHERE stream_type = $1 AND stream_version = 1")
                .execute(Tuple.of(streamType)).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Completes once every transaction that has written anything by now has ended, committed or not: what they wrote
     * is then visible (or never will be). Fails after {@code within}.
     */
    public Uni<Void> awaitTransactionsRunningNow(Duration within) {
        // a transaction id of its own, taken now and committed: every transaction that wrote before has a smaller one
        // (a snapshot's xmax would not do: it is the last completed id + 1, and running ones may be above it)
        return pool.query("SELECT pg_current_xact_id()::text AS now").execute()
                .map(rows -> rows.iterator().next().getString("now"))
                .chain(now -> pool.preparedQuery("SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::text::xid8"
                        + " AS ended").execute(Tuple.of(now))
                        .invoke(rows -> {
                            if (!rows.iterator().next().getBoolean("ended")) {
                                throw new TransactionsStillRunning(within);
                            }
                        })
                        .onFailure(TransactionsStillRunning.class).retry()
                        .withBackOff(Duration.ofMillis(5), Duration.ofMillis(200)).expireIn(within.toMillis()))
                .replaceWithVoid();
    }

    private static final class TransactionsStillRunning extends RuntimeException {
        TransactionsStillRunning(Duration within) {
            super("transactions still running after " + within, null, false, false);
        }
    }

    /** The events with these ids, in global order; ids with no event are left out. */
    public Uni<List<RecordedEvent>> readEvents(Collection<UUID> eventIds) {
        return readEvents(EventLog.EVENTS, eventIds);
    }

    /** As {@link #readEvents(Collection)}, from {@code log}. */
    public Uni<List<RecordedEvent>> readEvents(EventLog log, Collection<UUID> eventIds) {
        return pool.preparedQuery("SELECT " + columns(log) + " FROM " + log.table()
                + " WHERE event_id = ANY($1) ORDER BY global_position")
                .execute(Tuple.tuple().addArrayOfUUID(eventIds.toArray(UUID[]::new))).map(this::toEvents);
    }

    /**
     * Keeps events received from Kafka in the received log, each once, in the given order; subscriptions of those
     * kinds are woken once it committed.
     *
     * @return how many were new
     */
    public Uni<Integer> receive(List<ReceivedEvent> received) {
        if (received.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = received.size();
        UUID[] ids = new UUID[n];
        UUID[] stores = new UUID[n];
        String[][] texts = new String[11][n];
        Long[] versions = new Long[n];
        Long[] sourceTx = new Long[n];
        Long[] sourcePositions = new Long[n];
        Long[] offsets = new Long[n];
        Integer[] partitions = new Integer[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        Set<AppendSignals.Kind> kinds = new HashSet<>();
        for (int i = 0; i < n; i++) {
            ReceivedEvent r = received.get(i);
            RecordedEvent e = r.event();
            ids[i] = e.eventId();
            texts[0][i] = e.streamId();
            texts[1][i] = e.streamType();
            versions[i] = e.streamVersion();
            texts[2][i] = e.type();
            texts[3][i] = e.payload();
            texts[4][i] = e.metadata().correlationId();
            texts[5][i] = e.metadata().causationId();
            texts[6][i] = e.metadata().traceparent();
            texts[7][i] = e.metadata().module();
            occurred[i] = OffsetDateTime.ofInstant(e.metadata().occurredAt(), ZoneOffset.UTC);
            stores[i] = e.origin().store();
            sourceTx[i] = e.origin().cursor().transactionId();
            sourcePositions[i] = e.origin().cursor().position();
            texts[8][i] = r.topic();
            partitions[i] = r.partition();
            offsets[i] = r.offset();
            kinds.add(new AppendSignals.Kind(e.streamType(), e.type(), EventLog.RECEIVED));
        }
        Tuple args = Tuple.tuple().addArrayOfUUID(ids).addArrayOfString(texts[0]).addArrayOfString(texts[1])
                .addArrayOfLong(versions).addArrayOfString(texts[2]).addArrayOfString(texts[3])
                .addArrayOfString(texts[4]).addArrayOfString(texts[5]).addArrayOfString(texts[6])
                .addArrayOfString(texts[7]).addArrayOfOffsetDateTime(occurred).addArrayOfUUID(stores)
                .addArrayOfLong(sourceTx).addArrayOfLong(sourcePositions).addArrayOfString(texts[8])
                .addArrayOfInteger(partitions).addArrayOfLong(offsets);
        // one writer per partition at a time: after a rebalance, the new owner's batch commits after the old one's
        args.addArrayOfLong(received.stream().map(r -> (long) receiveLockKey(r.topic(), r.partition()))
                .distinct().toArray(Long[]::new));
        return pool.preparedQuery(RECEIVE).execute(args)
                .map(rows -> {
                    if (rows.rowCount() > 0) {
                        signals.appended(kinds);
                    }
                    return rows.rowCount();
                });
    }

    /** The second key of the advisory lock that writers of this Kafka partition into the received log take. */
    static int receiveLockKey(String topic, int partition) {
        return (topic + '/' + partition).hashCode();
    }

    /** Keeps a record that is no event the received log can hold, for an operator; once per record. */
    public Uni<Void> reject(String topic, int partition, long offset, String key, byte[] value, String reason) {
        return pool.preparedQuery("""
                INSERT INTO eventstore.received_rejects (topic, kafka_partition, kafka_offset, record_key, record_value,
                                                         reason)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""")
                .execute(Tuple.from(java.util.Arrays.asList(topic, partition, offset, key,
                        value == null ? null : io.vertx.core.buffer.Buffer.buffer(value), reason)))
                .replaceWithVoid();
    }

    /** This event store's identity: tells its own events from others' when they come back through Kafka. */
    public Uni<UUID> storeId() {
        UUID known = storeId;
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return pool.query(IDENTIFY).execute().invoke(rows -> {
            Row row = rows.iterator().next();
            if (row.getBoolean("renamed")) {
                LOG.warnf("This database was copied from event store %s; it is event store %s from now on (its own "
                        + "Kafka consumer group, its own events)", row.getUUID("former"), row.getUUID("id"));
            }
        })
                // read again: an instance that started at the same moment may have been the one to rename it
                .chain(() -> pool.query("SELECT id FROM eventstore.store_identity").execute())
                .map(rows -> {
                    storeId = rows.iterator().next().getUUID("id");
                    return storeId;
                });
    }

    /*
     * The store's id, made anew when the database is not the one that took it (restored elsewhere, or copied under
     * another name); the first start after the migration records where it is.
     */
    private static final String IDENTIFY = """
            WITH here AS (SELECT (SELECT system_identifier FROM pg_control_system()) AS sysid,
                                 current_database() AS db),
                 before AS (SELECT id, system_identifier, database_name FROM eventstore.store_identity),
                 updated AS (
                   UPDATE eventstore.store_identity i
                      SET id = CASE WHEN i.system_identifier IS NULL THEN i.id ELSE gen_random_uuid() END,
                          system_identifier = here.sysid, database_name = here.db
                     FROM here, before b
                    WHERE i.system_identifier IS DISTINCT FROM here.sysid OR i.database_name IS DISTINCT FROM here.db
                   RETURNING i.id, b.id AS former, b.system_identifier IS NOT NULL AS renamed)
            SELECT id, former, renamed FROM updated
            UNION ALL
            SELECT id, id, false FROM before WHERE NOT EXISTS (SELECT 1 FROM updated)""";

    /** Counts committed events by type ({@code eventshop.events.appended}). */
    private void count(StreamAppend append) {
        for (NewEvent event : append.events()) {
            appendedByType.computeIfAbsent(codec.typeOf(event.payload().getClass()),
                    type -> Counter.builder("eventshop.events.appended").description("Events appended, by type")
                            .tag("type", type).register(Metrics.globalRegistry))
                    .increment();
        }
    }

    /** Notes the kinds of events appended, which subscriptions are woken for once the transaction commits. */
    private void announce(Set<AppendSignals.Kind> announced, StreamAppend append) {
        for (NewEvent event : append.events()) {
            announced.add(new AppendSignals.Kind(append.streamType(), codec.typeOf(event.payload().getClass()),
                    EventLog.EVENTS));
        }
    }

    private Uni<AppendResult> appendWith(SqlClient client, StreamAppend append, EventMetadata metadata) {
        Tuple args = appendArgs(append, metadata);
        String sql = appendSql(append, false);
        return client.preparedQuery(sql).execute(args)
                .onFailure(EventStore::isVersionClash).recoverWithItem(() -> null)
                .chain(rows -> {
                    if (rows == null || rows.size() == 0) {
                        // inside a transaction, looking the version up would take a second connection from the pool
                        // while holding this one: with every connection so held, none would ever come back
                        return client == pool ? conflict(append) : Uni.createFrom().failure(
                                new ConcurrencyConflictException(append.streamId(), append.expectedVersion(), null));
                    }
                    long first = Long.MAX_VALUE;
                    long last = Long.MIN_VALUE;
                    long version = 0;
                    for (Row row : rows) {
                        long position = row.getLong("global_position");
                        first = Math.min(first, position);
                        last = Math.max(last, position);
                        version = Math.max(version, row.getLong("stream_version"));
                    }
                    return Uni.createFrom().item(new AppendResult(append.streamId(), version, first, last));
                });
    }

    /** The arguments of an append's statement: those of {@link #INSERT_ONE} or {@link #INSERT_MANY}, in order. */
    private Tuple appendArgs(StreamAppend append, EventMetadata metadata) {
        int size = append.events().size();
        Tuple args = Tuple.tuple().addString(append.streamId()).addString(append.streamType());
        if (size == 1) {
            NewEvent event = append.events().get(0);
            args.addUUID(event.eventId())
                    .addString(codec.typeOf(event.payload().getClass()))
                    .addString(codec.encode(event.payload()));
        } else {
            UUID[] ids = new UUID[size];
            String[] types = new String[size];
            String[] payloads = new String[size];
            for (int i = 0; i < size; i++) {
                NewEvent event = append.events().get(i);
                ids[i] = event.eventId();
                types[i] = codec.typeOf(event.payload().getClass());
                payloads[i] = codec.encode(event.payload());
            }
            args.addArrayOfUUID(ids).addArrayOfString(types).addArrayOfString(payloads);
        }
        args.addString(metadata.correlationId())
                .addString(metadata.causationId())
                .addString(metadata.traceparent())
                .addString(Objects.requireNonNull(metadata.module(), "metadata.module"))
                .addOffsetDateTime(OffsetDateTime.ofInstant(
                        metadata.occurredAt() != null ? metadata.occurredAt() : Instant.now(), ZoneOffset.UTC));
        if (append.expectedVersion() != ExpectedVersion.NO_STREAM && append.expectedVersion() != ExpectedVersion.ANY) {
            args.addLong(append.expectedVersion());
        }
        return args;
    }

    /** 0: a new stream, 1: any version, 2: at a version. */
    private static int kindOf(long expected) {
        return expected == ExpectedVersion.NO_STREAM ? 0 : expected == ExpectedVersion.ANY ? 1 : 2;
    }

    /** {@code insert} with the guard mark first in its condition: a duplicate need not look at the stream. */
    private static List<String> guarded(String insert) {
        return List.of(insert.formatted("0", "WHERE " + GUARD_MARK),
                insert.formatted(HEAD, "WHERE " + GUARD_MARK + " AND " + HEAD_NOT_NEWER.strip().substring(6)),
                insert.formatted(AT_VERSION, "WHERE " + GUARD_MARK + " AND " + VERSION_EXISTS.strip().substring(6)));
    }

    private static final List<String> GUARDED_ONE = guarded(INSERT_ONE);
    private static final List<String> GUARDED_MANY = guarded(INSERT_MANY);

    private static final List<String> PLAIN_ONE = List.of(APPEND_ONE_NEW_STREAM, APPEND_ONE_ANY, APPEND_ONE_AT_VERSION);
    private static final List<String> PLAIN_MANY = List.of(APPEND_NEW_STREAM, APPEND_ANY, APPEND_AT_VERSION);

    /** The append's statement; {@code guarded}, with the guard mark, for {@link #inOneStatement}. */
    private static String appendSql(StreamAppend append, boolean guarded) {
        int kind = kindOf(append.expectedVersion());
        if (append.events().size() == 1) {
            return (guarded ? GUARDED_ONE : PLAIN_ONE).get(kind);
        }
        return (guarded ? GUARDED_MANY : PLAIN_MANY).get(kind);
    }

    /** Reports the version the stream is at, read outside the caller's transaction (which a clash has aborted). */
    private Uni<AppendResult> conflict(StreamAppend append) {
        return pool.preparedQuery("SELECT coalesce(max(stream_version), 0) AS version FROM eventstore.events WHERE stream_id = $1")
                .execute(Tuple.of(append.streamId()))
                .onItem().transform(rows -> rows.iterator().next().getLong("version"))
                .onFailure().recoverWithItem(() -> null)
                .chain(actual -> Uni.createFrom().failure(new ConcurrencyConflictException(append.streamId(),
                        append.expectedVersion(), actual)));
    }

    private static boolean isVersionClash(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && "events_stream_version_unique".equals(pg.getConstraint());
    }

    private List<RecordedEvent> toEvents(RowSet<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>(rows.size());
        Columns columns = Columns.of(rows.columnsNames());
        for (Row row : rows) {
            events.add(toEvent(row, columns));
        }
        return events;
    }

    /**
     * Where each column of an event is in the rows of one result: looked up by name once per result, not for every
     * field of every row (a catch-up reads hundreds of thousands of rows, and a lookup by name hashes the name).
     */
    private record Columns(int globalPosition, int tx, int eventId, int streamId, int streamType, int streamVersion,
            int eventType, int payload, int recordedAt, int correlationId, int causationId, int traceparent,
            int module, int occurredAt, int sourceStore, int sourceTransactionId, int sourcePosition, int horizon) {

        static Columns of(List<String> names) {
            return new Columns(names.indexOf("global_position"), names.indexOf("tx"), names.indexOf("event_id"),
                    names.indexOf("stream_id"), names.indexOf("stream_type"), names.indexOf("stream_version"),
                    names.indexOf("event_type"), names.indexOf("payload"), names.indexOf("recorded_at"),
                    names.indexOf("correlation_id"), names.indexOf("causation_id"), names.indexOf("traceparent"),
                    names.indexOf("module"), names.indexOf("occurred_at"), names.indexOf("source_store"),
                    names.indexOf("source_transaction_id"), names.indexOf("source_position"), names.indexOf("horizon"));
        }
    }

    /** An event as read: an older version of its type as the newest one ({@link Upcasters}). */
    private RecordedEvent toEvent(Row row, Columns at) {
        return upcasters.current(new RecordedEvent(
                row.getUUID(at.eventId()),
                row.getString(at.streamId()),
                row.getString(at.streamType()),
                row.getLong(at.streamVersion()),
                row.getString(at.eventType()),
                row.getString(at.payload()),
                new EventMetadata(row.getString(at.correlationId()), row.getString(at.causationId()),
                        row.getString(at.traceparent()), row.getString(at.module()),
                        row.getOffsetDateTime(at.occurredAt()).toInstant()),
                row.getLong(at.globalPosition()),
                row.getLong(at.tx()),
                row.getOffsetDateTime(at.recordedAt()).toInstant(),
                at.sourceStore() < 0 ? null
                        : new RecordedEvent.Origin(row.getUUID(at.sourceStore()), new Cursor(
                                row.getLong(at.sourceTransactionId()), row.getLong(at.sourcePosition())))));
    }

    /** A transaction in progress: append events and write other state through {@link #connection()}. */
    public final class Tx {

        private final SqlConnection connection;
        /** The kinds of events appended, announced to subscriptions once the transaction commits. */
        private final Set<AppendSignals.Kind> appendedTypes;
        private final List<Runnable> afterCommit;

        private Tx(SqlConnection connection, Set<AppendSignals.Kind> appendedTypes, List<Runnable> afterCommit) {
            this.connection = connection;
            this.appendedTypes = appendedTypes;
            this.afterCommit = afterCommit;
        }

        public SqlConnection connection() {
            return connection;
        }

        /** Runs {@code action} once this transaction has committed; never if it rolls back. */
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        public Uni<AppendResult> append(StreamAppend append, EventMetadata metadata) {
            return appendWith(connection, append, metadata).invoke(() -> {
                announce(appendedTypes, append);
                afterCommit(() -> count(append));
            });
        }

        /** A stream's events in version order, read in this transaction (and on its connection). */
        public Uni<List<RecordedEvent>> readStream(String streamId) {
            return EventStore.this.readStream(connection, streamId, 0);
        }

        /** As {@link EventStore#load}, read in this transaction (and on its connection). */
        public <A> Uni<Loaded<A>> load(String streamId, A initial, Collection<Class<?>> contracts,
                BiFunction<A, Object, A> evolve) {
            return loadEvents(connection, streamId, contracts).map(stream -> stream.fold(initial, evolve));
        }

        /**
         * Appends {@code events} to one stream and hands each, in order, to {@code project} in this same
         * transaction, so a module's read model commits with its events or not at all. No events, nothing to do.
         */
        public Uni<Void> appendAndProject(String streamId, String streamType, long expectedVersion,
                List<Object> events, EventMetadata metadata, Function<Object, Uni<Void>> project) {
            if (events.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return append(new StreamAppend(streamId, streamType, expectedVersion,
                    events.stream().map(NewEvent::of).toList()), metadata)
                    .chain(() -> Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(project::apply)
                            .collect().last())
                    .replaceWithVoid();
        }

        /** Appends to each stream in turn; the first conflict fails the whole transaction. */
        public Uni<List<AppendResult>> append(List<StreamAppend> appends, EventMetadata metadata) {
            return Multi.createFrom().iterable(appends)
                    .onItem().transformToUniAndConcatenate(append -> append(append, metadata))
                    .collect().asList();
        }
    }
}
