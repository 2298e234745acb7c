package dev.eventshop.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.messaging.SubscriptionWorker;
import dev.eventshop.platform.messaging.Subscriptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Event store throughput beside raw PostgreSQL, in one run on one database (machines here are shared and noisy).
 * Not part of the test suite: {@code ./mvnw verify -Pbenchmark}. Results: target/benchmark/eventstore.md.
 * <ul>
 * <li>append: {@value #WRITERS} concurrent writers, each appending one ~300-byte event to a new stream per call, vs
 * pgbench with the same number of clients doing the same single-row INSERT into an identically shaped table;</li>
 * <li>catch-up: a subscription reading {@value #CATCH_UP_EVENTS} stored events from the start, acknowledging each.</li>
 * </ul>
 */
@QuarkusTest
@TestProfile(EventStoreBenchmark.AsManyConnectionsAsWriters.class)
@Tag("benchmark")
class EventStoreBenchmark {

    /**
     * pgbench gets one connection per client, so the store gets one per writer too: the comparison is of the append
     * path, not of the application's pool, which is sized for a mixed load on few cores.
     */
    public static class AsManyConnectionsAsWriters implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", Integer.toString(WRITERS));
        }
    }

    static final int WRITERS = 16;
    static final int CATCH_UP_EVENTS = 200_000;
    static final Duration ROUND = Duration.ofSeconds(10);
    static final String PAYLOAD_TEXT = "x".repeat(200);

    @EventType("bench.SomethingHappened.v1")
    public record SomethingHappened(String sku, int quantity, long amount, String currency, String note) {
    }

    @Inject
    EventStore store;

    @Inject
    Subscriptions subscriptions;

    @Inject
    Pool pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres")
    String username;

    @Test
    void appendAndCatchUpThroughput() throws Exception {
        prepareRawTable();
        List<Double> raw = new ArrayList<>();
        List<Double> appends = new ArrayList<>();
        appendRound(Duration.ofSeconds(10)); // warm-up: JIT, pool, prepared statements
        for (int round = 0; round < 3; round++) {
            raw.add(pgbench());
            appends.add(appendRound(ROUND));
        }
        double rawMedian = median(raw);
        double appendMedian = median(appends);

        String catchUpStreamType = "bench.catchup-" + System.nanoTime();
        populate(catchUpStreamType);
        List<Double> queryRates = List.of(readAllRate(catchUpStreamType), readAllRate(catchUpStreamType));
        List<Double> catchUpRates = List.of(catchUpRate(catchUpStreamType), catchUpRate(catchUpStreamType));

        String report = String.format(Locale.ROOT, """
                # Event store benchmark

                Database: %s, %d concurrent writers, %d s rounds, median of %d.

                | Measure | Result |
                |---|---|
                | raw PostgreSQL single-row INSERT (pgbench, %d clients) | %,.0f tx/s (rounds: %s) |
                | EventStore.append, 1 event per call (%d writers) | %,.0f appends/s (rounds: %s) |
                | append / raw | %.0f %% |
                | readAll, 1000 per query (cold, warm) | %s events/s |
                | subscription catch-up from the start, %,d events (cold, warm) | %s events/s |
                """, jdbcUrl.replaceAll("\\?.*", ""), WRITERS, ROUND.toSeconds(), raw.size(), WRITERS, rawMedian,
                format(raw), WRITERS, appendMedian, format(appends), 100 * appendMedian / rawMedian, format(queryRates),
                CATCH_UP_EVENTS, format(catchUpRates));
        Path out = Path.of("target/benchmark/eventstore.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private double appendRound(Duration length) {
        AtomicLong count = new AtomicLong();
        long deadline = System.nanoTime() + length.toNanos();
        long started = System.nanoTime();
        Multi.createFrom().range(0, WRITERS)
                .onItem().transformToUniAndMerge(writer -> Uni.createFrom().deferred(() -> store.append(
                        new StreamAppend("bench-" + java.util.UUID.randomUUID(), "bench.append",
                                ExpectedVersion.NO_STREAM, List.of(NewEvent.of(event()))),
                        EventMetadata.start("bench")))
                        .invoke(count::incrementAndGet)
                        .repeat().until(ignored -> System.nanoTime() > deadline)
                        .collect().last())
                .collect().last().await().atMost(length.plusSeconds(60));
        return count.get() / ((System.nanoTime() - started) / 1e9);
    }

    private static SomethingHappened event() {
        return new SomethingHappened("SKU-12345", 3, 4_999, "EUR", PAYLOAD_TEXT);
    }

    private void prepareRawTable() {
        pool.query("""
                CREATE SCHEMA IF NOT EXISTS bench;
                DROP TABLE IF EXISTS bench.raw_events;
                CREATE TABLE bench.raw_events (LIKE eventstore.events INCLUDING ALL)""").execute()
                .await().atMost(Duration.ofSeconds(30));
    }

    private double pgbench() throws IOException, InterruptedException {
        Path script = Files.createTempFile("pgbench", ".sql");
        String payload = "{\"sku\":\"SKU-12345\",\"quantity\":3,\"amount\":4999,\"currency\":\"EUR\",\"note\":\"" + PAYLOAD_TEXT + "\"}";
        Files.writeString(script, "INSERT INTO bench.raw_events (event_id, stream_id, stream_type, stream_version, event_type, payload, "
                + "correlation_id, causation_id, traceparent, module, occurred_at) "
                + "VALUES (gen_random_uuid(), gen_random_uuid()::text, 'bench.raw', 1, 'bench.SomethingHappened.v1', '"
                + payload + "', '5a0e7f7e-2f59-4a4b-9d3c-1f0b6a1c2d3e', NULL, NULL, 'bench', now());\n");
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Process process = new ProcessBuilder("pgbench", "-n", "-c", Integer.toString(WRITERS), "-j", "2",
                "-T", Long.toString(ROUND.toSeconds()), "-f", script.toString(), "-h", uri.getHost(),
                "-p", Integer.toString(uri.getPort()), "-U", username, uri.getPath().substring(1))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        process.waitFor(ROUND.toSeconds() + 60, TimeUnit.SECONDS);
        Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench gave no tps:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }

    private void populate(String streamType) {
        for (int chunk = 0; chunk < CATCH_UP_EVENTS / 10_000; chunk++) {
            pool.query("""
                    INSERT INTO eventstore.events (event_id, stream_id, stream_type, stream_version, event_type, payload,
                                                   correlation_id, module, occurred_at)
                    SELECT gen_random_uuid(), '%s-%d-' || (n / 10), '%s', 1 + n %% 10, 'bench.SomethingHappened.v1',
                           jsonb_build_object('sku', 'SKU-12345', 'quantity', 3, 'amount', 4999, 'currency', 'EUR', 'note', repeat('x', 200)),
                           gen_random_uuid()::text, 'bench', now()
                      FROM generate_series(0, 9999) AS n""".formatted(streamType, chunk, streamType))
                    .execute().await().atMost(Duration.ofSeconds(60));
        }
    }

    private double readAllRate(String streamType) {
        long started = System.nanoTime();
        var cursor = dev.eventshop.platform.eventstore.Cursor.START;
        long read = 0;
        while (true) {
            var batch = store.readAll(cursor, List.of(streamType), 1000).await().atMost(Duration.ofSeconds(30));
            if (batch.isEmpty()) {
                break;
            }
            read += batch.size();
            cursor = batch.get(batch.size() - 1).cursor();
        }
        if (read != CATCH_UP_EVENTS) {
            throw new IllegalStateException("read " + read + " events");
        }
        return read / ((System.nanoTime() - started) / 1e9);
    }

    private double catchUpRate(String streamType) {
        AtomicLong delivered = new AtomicLong();
        long started = System.nanoTime();
        SubscriptionWorker worker = subscriptions.start(
                subscriptions.defaults("bench-catchup-" + System.nanoTime(), List.of(streamType)).withBatchSize(1000),
                event -> {
                    delivered.incrementAndGet();
                    return Uni.createFrom().voidItem();
                });
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> delivered.get() >= CATCH_UP_EVENTS);
            return delivered.get() / ((System.nanoTime() - started) / 1e9);
        } finally {
            worker.stop().await().atMost(Duration.ofSeconds(30));
        }
    }

    private static String format(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format(Locale.ROOT, "%,.0f", v)).toList());
    }
}
