package dev.eventshop.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import dev.eventshop.platform.devkafka.EmbeddedKafkaLauncher;
import dev.eventshop.testing.KafkaTopics;
import dev.eventshop.testing.PackagedApp;
import dev.eventshop.testing.ProcessStat;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The order flow under load, against the packaged application as a separate process: an open-loop load generator
 * (fixed arrival rate, so a slow server cannot slow the arrivals down) places orders and the figures come from the
 * orders' own histories. Not part of the test suite: {@code ./mvnw verify -Pbenchmark}. Uses the database named by
 * {@code QUARKUS_DATASOURCE_*} when set, else an embedded PostgreSQL. Results: target/benchmark/orders.md.
 */
@Tag("benchmark")
class OrderFlowBenchmarkIT {

    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([^\"]+)\"");
    private static final Pattern HISTORY = Pattern.compile("\"type\":\"(\\w+)\",\"occurredAt\":\"([^\"]+)\"");
    private static final int PRODUCTS = 20;
    /** Who the benchmark connects to the given database server as: the application's own datasource user. */
    private static final String USER = System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
    /** The history steps of an order's happy path, in order. */
    private static final List<String> STEPS = List.of("OrderPlaced", "OrderStockReserved", "OrderConfirmed",
            "OrderShipmentScheduled");

    record Placed(String orderId, long postMicros) {
    }

    private PackagedApp app;
    private DatabaseWork database;
    /** The step table of the phases measured so far in this mode. */
    private final StringBuilder steps = new StringBuilder();

    /**
     * Where the modules' channels run: {@code -Dbenchmark.modes=eventstore,shipping-kafka,all-kafka} runs the phases
     * once per mode, each on a fresh database (created beside the given one, or embedded) and, for the Kafka modes,
     * against an embedded broker with topics of the mode's own.
     */
    private static Map<String, String> modeEnvironment(String mode, String kafka) {
        Map<String, String> env = new HashMap<>();
        List<String> flipped = switch (mode) {
            case "eventstore" -> List.of();
            case "shipping-kafka" -> List.of("shipping");
            case "all-kafka" -> List.of("orders", "payments", "inventory", "shipping");
            default -> throw new IllegalArgumentException("unknown benchmark mode " + mode);
        };
        if (!flipped.isEmpty()) {
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
            env.putAll(KafkaTopics.ownTopics("bench-" + mode + "-" + System.nanoTime()));
            flipped.forEach(module -> env.put("EVENTSHOP_MODULES_" + module.toUpperCase() + "_CHANNEL", "kafka"));
        }
        return env;
    }

    @Test
    void ordersPerSecondAndLatency() throws Exception {
        List<String> modes = List.of(System.getProperty("benchmark.modes", "eventstore").split(","));
        String jdbcUrl = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        StringBuilder report = new StringBuilder("# Order flow benchmark\n\nPackaged app, "
                + (jdbcUrl == null ? "embedded PostgreSQL" : jdbcUrl + " (a fresh database per mode)")
                + ", sandbox provider and carrier served by the app itself.\n");
        String kafka = modes.stream().anyMatch(mode -> !mode.equals("eventstore"))
                ? EmbeddedKafkaLauncher.ensureStarted() : null;
        for (String mode : modes) {
            Map<String, String> env = modeEnvironment(mode.trim(), kafka);
            EmbeddedPostgres embedded = null;
            if (jdbcUrl == null) {
                embedded = PackagedApp.postgres().start();
            } else if (modes.size() > 1) {
                env.putAll(freshDatabase(jdbcUrl, "bench_" + mode.trim().replace('-', '_')));
            }
            try {
                runMode(mode.trim(), embedded, env, report);
            } finally {
                if (embedded != null) {
                    embedded.close();
                }
            }
        }
        Path out = Path.of("target/benchmark/orders.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    /** A new, empty database on the server of {@code jdbcUrl}: the app's datasource settings pointing at it. */
    private static Map<String, String> freshDatabase(String jdbcUrl, String name) throws Exception {
        String server = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/'));
        try (var connection = java.sql.DriverManager.getConnection(server + "/postgres", USER, PASSWORD);
                var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        }
        String reactive = server.replaceFirst("^jdbc:", "") + "/" + name;
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", server + "/" + name, "QUARKUS_DATASOURCE_REACTIVE_URL", reactive);
    }

    private void runMode(String mode, EmbeddedPostgres embedded, Map<String, String> env, StringBuilder report)
            throws Exception {
        app = PackagedApp.start(embedded, "order-benchmark-app-" + mode, env);
        database = embedded != null ? new DatabaseWork(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")
                : new DatabaseWork(env.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", System.getenv("QUARKUS_DATASOURCE_JDBC_URL")),
                        USER, PASSWORD);
        int port = app.port();
        try {
            for (int i = 0; i < PRODUCTS; i++) {
                app.send("POST", "/products", "{\"sku\":\"BENCH-" + i + "\",\"name\":\"Item " + i
                        + "\",\"price\":{\"amount\":1999,\"currency\":\"EUR\"},\"stock\":1000000}");
            }
            waitUntil(() -> app.send("POST", "/orders", order(PRODUCTS - 1)).statusCode() == 202, 60);

            report.append("\n## Channels: ").append(mode).append("\n\n")
                    .append("| Arrival rate | Duration | Accepted/s | POST p50 / p99 | Confirmed/s | placed→CONFIRMED p50 / p95 / p99 | Backlog drained after the last arrival in | App CPU per order | PostgreSQL CPU per order | Benchmark JVM CPU per order | Host cores busy | PostgreSQL statements / their execution / WAL per order |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            // warm-up, not reported: on two cores the JIT compilers take most of a core for the first minute or two
            runPhase(port, 50, 60, null);
            runPhase(port, 100, 30, null);
            // rate x seconds, e.g. -Dbenchmark.phases=100x30,300x60
            for (String phase : System.getProperty("benchmark.phases", "100x30,300x60").split(",")) {
                String[] rateAndSeconds = phase.trim().split("x");
                runPhase(port, Integer.parseInt(rateAndSeconds[0]), Integer.parseInt(rateAndSeconds[1]), report);
            }
            report.append("\nApplication RSS after the run: ").append(app.rssMiB()).append(" MiB\n")
                    .append("\nWhere the time to CONFIRMED and to the shipment's booking goes, step by step (p50 / p99):\n\n")
                    .append("| Arrival rate | placed → stock reserved | → payment captured, CONFIRMED | → shipment scheduled (of the orders booked when the phase ended) |\n")
                    .append("|---|---|---|---|\n").append(steps);
            steps.setLength(0);
        } finally {
            app.close();
        }
    }

    private void runPhase(int port, int rate, int seconds, StringBuilder report) throws Exception {
        String customer = "bench-" + rate + "-" + seconds + "-" + System.nanoTime();
        long cpuAtStart = app.cpuMillis();
        long ownCpuAtStart = ownCpuMillis();
        HostCpu hostAtStart = HostCpu.now();
        DatabaseWork.Snapshot databaseAtStart = database.now();
        long start = System.nanoTime();
        List<OpenLoopLoad.Answer> answers = OpenLoopLoad.post(port, "/orders", app.authorization(), rate, seconds,
                n -> order(customer, n % PRODUCTS));
        double arrivalSeconds = (System.nanoTime() - start) / 1e9;
        List<Placed> placed = new ArrayList<>();
        List<Integer> failures = new ArrayList<>();
        for (OpenLoopLoad.Answer answer : answers) {
            if (answer.status() == 202) {
                Matcher id = ORDER_ID.matcher(answer.body());
                id.find();
                placed.add(new Placed(id.group(1), answer.micros()));
            } else {
                failures.add(answer.status());
            }
        }

        // backlog: how long after the last arrival until no order of this phase is pending
        long lastArrival = System.nanoTime();
        String[] list = new String[1];
        String[] pending = new String[1];
        boolean drained = true;
        try {
            // ask only for the pending ones, so watching the backlog costs the application little
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> {
                        pending[0] = app.send("GET", "/orders?status=PENDING&customerId=" + customer, null).body();
                        return pending[0].equals("[]");
                    });
        } catch (ConditionTimeoutException backlog) {
            drained = false;
        }
        long drainedAfter = System.nanoTime();
        long cpuMillis = app.cpuMillis() - cpuAtStart;
        long ownCpuMillis = ownCpuMillis() - ownCpuAtStart;
        HostCpu host = HostCpu.now();
        DatabaseWork.Snapshot databaseAtEnd = database.now();
        list[0] = allOrders(app, customer);
        long stillPending = list[0].split("\"status\":\"PENDING\"", -1).length - 1;
        String drain = drained ? String.format(Locale.ROOT, "%.1f s", (drainedAfter - lastArrival) / 1e9)
                : "not within 90 s (" + stillPending + " still pending)";
        if (report == null) {
            return;
        }
        List<Long> latencies = new ArrayList<>();
        // the gaps between an order's history steps, in the order of STEPS
        List<List<Long>> stepLatencies = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Instant firstConfirmed = null;
        Instant lastConfirmed = null;
        for (String order : list[0].split("\\{\"orderId\"")) {
            Map<String, Instant> at = new HashMap<>();
            Matcher entry = HISTORY.matcher(order);
            while (entry.find()) {
                at.putIfAbsent(entry.group(1), Instant.parse(entry.group(2)));
            }
            Instant placedAt = at.get("OrderPlaced");
            Instant confirmedAt = at.get("OrderConfirmed");
            if (placedAt == null || confirmedAt == null) {
                continue;
            }
            latencies.add(Duration.between(placedAt, confirmedAt).toMillis());
            for (int step = 0; step < STEPS.size() - 1; step++) {
                Instant from = at.get(STEPS.get(step));
                Instant to = at.get(STEPS.get(step + 1));
                if (from != null && to != null) {
                    stepLatencies.get(step).add(Duration.between(from, to).toMillis());
                }
            }
            firstConfirmed = firstConfirmed == null || confirmedAt.isBefore(firstConfirmed) ? confirmedAt : firstConfirmed;
            lastConfirmed = lastConfirmed == null || confirmedAt.isAfter(lastConfirmed) ? confirmedAt : lastConfirmed;
        }
        List<Long> posts = placed.stream().map(p -> p.postMicros() / 1000).sorted().toList();
        Collections.sort(latencies);
        stepLatencies.forEach(Collections::sort);
        double confirmedPerSecond = latencies.size()
                / Math.max(1e-3, Duration.between(firstConfirmed, lastConfirmed).toMillis() / 1000.0);
        steps.append("| ").append(rate).append("/s | ").append(percentiles(stepLatencies.get(0))).append(" | ")
                .append(percentiles(stepLatencies.get(1))).append(" | ").append(percentiles(stepLatencies.get(2)))
                .append(" (").append(stepLatencies.get(2).size()).append(" of ").append(latencies.size()).append(") |\n");
        long postgresMillis = host.postgresMillisSince(hostAtStart);
        report.append(String.format(Locale.ROOT, "| %d/s | %d s | %.0f | %d / %d ms | %.0f | %d / %d / %d ms | %s | %.1f ms | %s | %.1f ms | %.0f %% | %s |%s%n",
                rate, seconds, placed.size() / arrivalSeconds, pct(posts, 50), pct(posts, 99), confirmedPerSecond,
                pct(latencies, 50), pct(latencies, 95), pct(latencies, 99), drain,
                (double) cpuMillis / Math.max(1, latencies.size()),
                postgresMillis < 0 ? "n/a (not on this machine)"
                        : String.format(Locale.ROOT, "%.1f ms", (double) postgresMillis / Math.max(1, latencies.size())),
                (double) ownCpuMillis / Math.max(1, latencies.size()),
                100 * host.busySince(hostAtStart),
                DatabaseWork.perOrder(databaseAtStart, databaseAtEnd, latencies.size()),
                failures.isEmpty() ? "" : " " + failures.size() + " POSTs failed with " + failures.stream().distinct().toList()));
    }

    /**
     * This JVM's CPU time: the load generator's and, in the Kafka modes, the embedded broker's, which shares the
     * machine's cores with the application and PostgreSQL.
     */
    private static long ownCpuMillis() throws IOException {
        // read as the application's and PostgreSQL's are, so the three columns count alike
        return ProcessStat.read(Path.of("/proc/self")).cpuMillis();
    }

    /** "p50 / p99 ms" of a sorted list, or n/a when it is empty. */
    private static String percentiles(List<Long> sorted) {
        return sorted.isEmpty() ? "n/a" : pct(sorted, 50) + " / " + pct(sorted, 99) + " ms";
    }

    private static long pct(List<Long> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** Every order of the customer, page after page (the listing is paged, at most 200 a page). */
    private static String allOrders(PackagedApp app, String customer) throws java.io.IOException, InterruptedException {
        StringBuilder all = new StringBuilder();
        String next = "/orders?customerId=" + customer + "&limit=200";
        while (next != null) {
            java.net.http.HttpResponse<String> page = app.send("GET", next, null);
            all.append(page.body());
            next = page.headers().firstValue("Link").map(link -> link.replaceAll("^<([^>]+)>.*$", "$1")).orElse(null);
        }
        return all.toString();
    }

    private static String order(int product) {
        return order("bench-warm-up", product);
    }

    private static String order(String customer, int product) {
        return "{\"customerId\":\"" + customer + "\",\"items\":[{\"sku\":\"BENCH-" + product + "\",\"quantity\":1}],"
                + "\"paymentToken\":\"tok_visa\",\"shippingAddress\":{\"name\":\"A\",\"line1\":\"B\",\"city\":\"C\","
                + "\"postalCode\":\"D\",\"country\":\"NL\"}}";
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitUntil(Check check, int seconds) {
        Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(check::ok);
    }
}
