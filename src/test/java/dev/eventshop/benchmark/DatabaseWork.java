package dev.eventshop.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What PostgreSQL did for a phase of the benchmark, counted rather than timed, so that two builds compare on a busy
 * machine too: the statements the application's database ran and their execution time ({@code pg_stat_statements},
 * when the server loads it; every statement, {@code BEGIN} and {@code COMMIT} included), and the WAL the server
 * wrote (for the whole server, so nothing else should write to it meanwhile). Both are read at once, unlike
 * {@code pg_stat_database}, whose counters reach the view up to seconds late.
 */
final class DatabaseWork {

    /** The counters at one moment; {@code statements} and {@code executionMillis} are null without the extension. */
    record Snapshot(Long statements, Double executionMillis, long walBytes) {
    }

    private static final String STATEMENTS = """
            SELECT sum(calls)::bigint, sum(total_exec_time) FROM pg_stat_statements
             WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())""";

    private final String url;
    private final String user;
    private final String password;
    private final boolean statementsCounted;

    DatabaseWork(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.statementsCounted = enableStatements();
    }

    /** The extension's view answers only where the server preloads the module; the extension is made per database. */
    private boolean enableStatements() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.executeQuery(STATEMENTS).close();
            return true;
        } catch (SQLException notLoaded) {
            return false;
        }
    }

    Snapshot now() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            long wal;
            try (ResultSet rows = statement.executeQuery("SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")) {
                rows.next();
                wal = rows.getLong(1);
            }
            if (!statementsCounted) {
                return new Snapshot(null, null, wal);
            }
            try (ResultSet rows = statement.executeQuery(STATEMENTS)) {
                rows.next();
                return new Snapshot(rows.getLong(1), rows.getDouble(2), wal);
            }
        }
    }

    /** "statements / execution ms / WAL KiB" per order between two snapshots. */
    static String perOrder(Snapshot before, Snapshot after, long orders) {
        double n = Math.max(1, orders);
        String wal = String.format(Locale.ROOT, "%.1f KiB", (after.walBytes() - before.walBytes()) / 1024.0 / n);
        if (before.statements() == null || after.statements() == null) {
            return "n/a / n/a / " + wal;
        }
        return String.format(Locale.ROOT, "%.1f / %.2f ms / %s", (after.statements() - before.statements()) / n,
                (after.executionMillis() - before.executionMillis()) / n, wal);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }
}
