package dev.eventshop.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;

import io.smallrye.jwt.build.Jwt;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** The packaged application (target/quarkus-app) run as its own process, as operators run it, and HTTP to it. */
public final class PackagedApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;

    private PackagedApp(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts the app on a free port against {@code database} (or, when null, the database named by the
     * {@code QUARKUS_DATASOURCE_*} environment this JVM has) and waits until it reports healthy.
     */
    public static PackagedApp start(EmbeddedPostgres database, String logName, Map<String, String> env)
            throws IOException {
        return start(database, freePort(), logName, env);
    }

    public static PackagedApp start(EmbeddedPostgres database, int port, String logName, Map<String, String> env)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // e.g. -Dpackaged-app.jvm-args="-Xmx256m -XX:StartFlightRecording=filename=target/app.jfr" for a benchmark
        String jvmArgs = System.getProperty("packaged-app.jvm-args", "").trim();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(Path.of("target/" + logName + ".log").toFile());
        if (database != null) {
            String db = "localhost:" + database.getPort() + "/postgres";
            builder.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + db);
            builder.environment().put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + db);
            builder.environment().put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            builder.environment().put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        }
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // the app is its own provider and carrier here, as in a demo; a test of production settings overrides this
        builder.environment().put("EVENTSHOP_SANDBOX_ENABLED", "true");
        // tokens are verified with the key and issuer production is given; this JVM signs them
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", Keys.PUBLIC_PEM.toUri().toString());
        builder.environment().put("MP_JWT_VERIFY_ISSUER", Keys.ISSUER);
        builder.environment().putAll(env);
        PackagedApp app = new PackagedApp(builder.start(), port);
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .failFast("the application exited, see target/" + logName + ".log", () -> !app.process.isAlive())
                .until(() -> {
                    HttpResponse<String> health = app.send("GET", "/q/health", null);
                    return health.statusCode() == 200 && health.body().contains("\"status\": \"UP\"");
                });
        return app;
    }

    /**
     * A throwaway PostgreSQL for a packaged app. zonky's defaults turn {@code synchronous_commit} off for speed, which
     * the application refuses (see {@code DurabilityCheck}); {@code fsync} stays off, as a test database needs no
     * protection from power loss.
     */
    public static EmbeddedPostgres.Builder postgres() {
        return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on");
    }

    /** An order of {@code quantity} of {@code sku}, paid with an approved card, as a shopper's client sends it. */
    public static String orderJson(String customerId, String sku, int quantity) {
        return "{\"customerId\":\"" + customerId + "\",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity
                + "}],\"paymentToken\":\"tok_visa\",\"shippingAddress\":{\"name\":\"A\",\"line1\":\"B\",\"city\":\"C\","
                + "\"postalCode\":\"D\",\"country\":\"FR\"}}";
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the application process has used so far, in milliseconds. */
    public long cpuMillis() throws IOException {
        return ProcessStat.read(Path.of("/proc/" + process.pid())).cpuMillis();
    }

    /** Resident memory of the application process, in MiB. */
    public long rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** A request as an operator sends it (any customer's orders, products, /admin). */
    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return send(method, path, json, authorization());
    }

    /** A request with {@code authorization} as its Authorization header, or none when null. */
    public HttpResponse<String> send(String method, String path, String json, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An operator's bearer token for this app, as an Authorization header value. */
    public String authorization() {
        return "Bearer " + token("packaged-test-admin", "admin");
    }

    /** A token signed with the key this app verifies: {@code groups} are its roles. */
    public static String token(String subject, String... groups) {
        return Jwt.issuer(Keys.ISSUER).subject(subject).upn(subject).groups(Set.of(groups))
                .expiresIn(Duration.ofHours(2)).sign(Keys.PAIR.getPrivate());
    }

    /** The key pair of this test JVM: the public half is written where the app reads it. */
    private static final class Keys {
        static final String ISSUER = "eventshop-packaged-tests";
        static final Path PUBLIC_PEM = Path.of("target", "packaged-app-jwt-public.pem").toAbsolutePath();
        static final KeyPair PAIR = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair pair = generator.generateKeyPair();
                Files.createDirectories(PUBLIC_PEM.getParent());
                Files.writeString(PUBLIC_PEM, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                return pair;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public static HttpClient http() {
        return HTTP;
    }

    /** Kills the process as {@code kill -9} would: no shutdown hooks, no clean stop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
