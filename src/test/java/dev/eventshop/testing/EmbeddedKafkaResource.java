package dev.eventshop.testing;

import java.util.Map;

import dev.eventshop.platform.devkafka.EmbeddedKafkaLauncher;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real Kafka broker (KRaft, from Maven jars) for tests that flip a module to Kafka; one per test JVM. */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", EmbeddedKafkaLauncher.ensureStarted());
    }

    @Override
    public void stop() {
        // the broker lives as long as the JVM, shared by every test that needs it
    }
}
