package dev.eventshop.platform.devdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts one embedded PostgreSQL per JVM. Quarkus rebuilds configuration many times per JVM (build, start, every
 * live reload, each in a new class loader), so the "already started" mark lives in a system property, which all
 * class loaders share, and the server outlives reloads until the JVM exits.
 */
final class EmbeddedPostgresLauncher {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresLauncher.class);
    private static final String STARTED_URL = "eventshop.embedded-postgres.jdbc-url";
    /** A fixed port in dev mode so that psql and IDE connections survive restarts; any free port if taken. */
    private static final int DEV_PORT = 54329;

    private EmbeddedPostgresLauncher() {
    }

    /**
     * @param dataDirectory kept across runs when given; a fresh temporary cluster when {@code null}
     * @return the JDBC URL of the running server
     */
    static String ensureStarted(String purpose, Path dataDirectory) {
        synchronized (System.getProperties()) {
            String url = System.getProperty(STARTED_URL);
            if (url != null) {
                return url;
            }
            long started = System.nanoTime();
            EmbeddedPostgres postgres = start(dataDirectory);
            url = postgres.getJdbcUrl("postgres", "postgres");
            System.setProperty(STARTED_URL, url);
            LOG.infof("Embedded PostgreSQL for %s started in %d ms at %s%s", purpose,
                    Duration.ofNanos(System.nanoTime() - started).toMillis(), url,
                    dataDirectory == null ? " (fresh database)" : " with data in " + dataDirectory);
            return url;
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // one long transaction anywhere pauses every catch-up subscription; make it visible early
                    .setServerConfig("idle_in_transaction_session_timeout", "60s")
                    .setServerConfig("max_connections", "200")
                    // zonky turns it off for speed; the application refuses sessions that may lose acknowledged
                    // commits (fsync stays off: a dev database needs no protection from power loss)
                    .setServerConfig("synchronous_commit", "on");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                stopOrphan(dataDirectory);
                builder.setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPort(freePort(DEV_PORT));
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    /** A dev JVM killed hard leaves its server running on the data directory; stop it so we can start ours. */
    private static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong)
                .flatMap(ProcessHandle::of);
        if (orphan.isPresent() && orphan.get().isAlive()) {
            LOG.infof("Stopping a leftover embedded PostgreSQL (pid %d) on %s", orphan.get().pid(), dataDirectory);
            orphan.get().destroy();
            try {
                orphan.get().onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(20),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                orphan.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static int freePort(int preferred) {
        try (ServerSocket socket = new ServerSocket(preferred)) {
            socket.setReuseAddress(true);
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
