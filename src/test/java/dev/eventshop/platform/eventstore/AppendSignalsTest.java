package dev.eventshop.platform.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import dev.eventshop.platform.eventstore.TestEvents.CounterIncremented;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.test.junit.QuarkusTest;

/**
 * An instance that runs alone sends no NOTIFY (each would be a disk flush that wakes nobody); as soon as another
 * instance listens on the same database, appends wake it.
 */
@QuarkusTest
class AppendSignalsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    EventStore store;

    @Inject
    AppendSignals signals;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username", defaultValue = "postgres")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    @Test
    void appendsNotifyOnlyWhileAnotherInstanceListens() throws Exception {
        // this instance's own LISTEN session is told apart by its name: were it not, it would count as another
        await().atMost(TIMEOUT).until(() -> !signals.othersListening());
        double before = sent();
        for (int i = 0; i < 5; i++) {
            append();
        }
        assertThat(sent() - before).as("NOTIFYs sent with no other instance listening").isZero();

        try (Connection other = listener(AppendSignals.LISTENER_NAME + " another-instance")) {
            await().atMost(TIMEOUT).until(signals::othersListening);
            append();
            List<String> payloads = new ArrayList<>();
            await().atMost(TIMEOUT).until(() -> {
                PGNotification[] received = other.unwrap(PGConnection.class).getNotifications(100);
                if (received != null) {
                    Arrays.stream(received).map(PGNotification::getParameter).forEach(payloads::add);
                }
                return !payloads.isEmpty();
            });
            assertThat(payloads).as("an append's wake-up, not an operator's refresh").noneMatch(p -> p.startsWith("refresh/"));
            assertThat(sent() - before).isPositive();
        }
        await().atMost(TIMEOUT).until(() -> !signals.othersListening());
    }

    private Connection listener(String applicationName) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", username);
        password.ifPresent(value -> properties.setProperty("password", value));
        properties.setProperty("ApplicationName", applicationName);
        Connection connection = DriverManager.getConnection(jdbcUrl, properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + AppendSignals.CHANNEL);
        }
        return connection;
    }

    private void append() {
        store.append(new StreamAppend("signal-" + UUID.randomUUID(), "test.signals", ExpectedVersion.NO_STREAM,
                List.of(NewEvent.of(new CounterIncremented("c", 1)))), EventMetadata.start("test"))
                .await().atMost(TIMEOUT);
    }

    private static double sent() {
        return Metrics.globalRegistry.get("eventshop.notifications.sent").counter().count();
    }
}
