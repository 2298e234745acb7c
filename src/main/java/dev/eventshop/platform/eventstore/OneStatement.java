package dev.eventshop.platform.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes that go to the database as one statement, and so commit as one transaction without a {@code BEGIN} and a
 * {@code COMMIT} of their own: appends and other data-modifying statements, each applied only when a guard lets it
 * (see {@link EventStore#inOneStatement}). On this kind of machine what a delivery costs is mostly the number of
 * statements it sends, not what they do, so a hop that needs no read in its transaction is cheapest this way.
 * <p>
 * The writes run as parts of one statement and see the database as it was when it started: none of them sees what
 * another wrote. So at most one write may touch a given row, and none may depend on another's effect.
 */
public final class OneStatement {

    /** Where a write's SQL puts the guard's condition, as a boolean expression. */
    public static final String GUARD = "{guard}";

    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");
    /**
     * The parameters of each write's SQL, counted once: the SQL are their callers' constants, and a hop builds its
     * statement on every delivery.
     */
    private static final Map<String, Integer> PARAMETERS = new ConcurrentHashMap<>();

    record Append(StreamAppend append, EventMetadata metadata) {
    }

    record Write(String sql, Tuple args, String returning, Consumer<Object> onCommit, boolean required) {
    }

    /** SQLSTATE of the failure when an append finds its stream at another version than expected. */
    static final String VERSION_ELSEWHERE = "ES409";
    /** SQLSTATE of the failure when a write that needs its row finds none. */
    static final String ROW_MISSING = "ES404";

    /**
     * A write that needs its row found none: the row is not there, or does not meet the write's condition (stock
     * short for a reservation), or is not there for this statement yet (one that another transaction inserted after
     * this statement began). Nothing of the statement committed; a transaction, whose later statements see rows
     * committed meanwhile and may read before they decide, is the way to write it.
     */
    public static final class MissingRowException extends RuntimeException {
        public MissingRowException(String message) {
            super(message);
        }
    }

    final List<Append> appends = new ArrayList<>();
    final List<Write> writes = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();

    /** Appends to one stream at its expected version; a stream elsewhere fails the whole statement (a conflict). */
    public OneStatement append(StreamAppend append, EventMetadata metadata) {
        appends.add(new Append(append, metadata));
        return this;
    }

    /**
     * A data-modifying statement ({@code INSERT ... SELECT}, {@code UPDATE}, {@code DELETE}) with {@value #GUARD}
     * in its {@code WHERE} clause (as a condition of its own, ANDed with the rest) and its parameters numbered from
     * {@code $1}, one per argument; it writes nothing when the guard does not hold. Pass the SQL as a constant: the
     * composed statement is found by it.
     */
    public OneStatement write(String sql, Tuple args) {
        return add(new Write(sql, args, null, null, false));
    }

    /**
     * As {@link #write(String, Tuple)}, for a statement that ends with {@code RETURNING returning}: once committed
     * with the guard passed, {@code onCommit} gets the value of its first row (null when it wrote none).
     */
    public OneStatement write(String sql, Tuple args, String returning, Consumer<Object> onCommit) {
        return add(new Write(sql, args, returning, onCommit, false));
    }

    /**
     * As {@link #write(String, Tuple, String, Consumer)}, for a write that must find its row: when the guard passed
     * and it wrote none, the whole statement fails with a {@link MissingRowException}.
     */
    public OneStatement writeRow(String sql, Tuple args, String returning, Consumer<Object> onCommit) {
        return add(new Write(sql, args, returning, onCommit, true));
    }

    private OneStatement add(Write write) {
        if (!write.sql().contains(GUARD)) {
            throw new IllegalArgumentException("a write in one statement must be guarded: " + write.sql());
        }
        // the parts are numbered by their arguments: one more or less would shift every part after this one
        if (PARAMETERS.computeIfAbsent(write.sql(), OneStatement::highestParameter) != write.args().size()) {
            throw new IllegalArgumentException("a write in one statement takes one argument per parameter $1..$n: "
                    + write.args().size() + " for " + write.sql());
        }
        if ((write.required() || write.returning() != null) && !write.sql().contains("RETURNING")) {
            throw new IllegalArgumentException("a write whose rows are counted or read needs RETURNING: " + write.sql());
        }
        if (write.onCommit() != null && write.returning() == null) {
            throw new IllegalArgumentException("a write read after the commit names the column it returns");
        }
        writes.add(write);
        return this;
    }

    /** The highest {@code $n} in {@code sql}: how many parameters it takes. */
    static int highestParameter(String sql) {
        Matcher matcher = PARAMETER.matcher(sql);
        int highest = 0;
        while (matcher.find()) {
            highest = Math.max(highest, Integer.parseInt(matcher.group(1)));
        }
        return highest;
    }

    /** Runs {@code action} once the statement has committed with the guard passed; never otherwise. */
    public OneStatement afterCommit(Runnable action) {
        afterCommit.add(action);
        return this;
    }

    /** {@code sql} with its parameters {@code $n} numbered from {@code $(offset + 1)}. */
    static String shifted(String sql, int offset) {
        if (offset == 0) {
            return sql;
        }
        Matcher matcher = PARAMETER.matcher(sql);
        StringBuilder shifted = new StringBuilder(sql.length() + 16);
        while (matcher.find()) {
            matcher.appendReplacement(shifted, "\\$" + (Integer.parseInt(matcher.group(1)) + offset));
        }
        return matcher.appendTail(shifted).toString();
    }
}
