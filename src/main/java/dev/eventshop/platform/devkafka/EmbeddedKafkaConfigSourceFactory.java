package dev.eventshop.platform.devkafka;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import dev.eventshop.platform.config.ExplicitConfig;
import dev.eventshop.platform.modules.ModulesConfig;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * A broker for {@code quarkus:dev} (and tests) as soon as a module's channel is flipped to {@code kafka}, e.g.
 * {@code ./mvnw quarkus:dev -Deventshop.modules.shipping.channel=kafka}: unless {@code kafka.bootstrap.servers} is
 * set, a real Kafka broker (KRaft) starts inside the dev JVM from the {@code kafka_2.13} jars, in about two seconds
 * and with no container engine. With {@code eventshop.dev-kafka=devservices} Quarkus Dev Services start one in a
 * container instead. The jars are in Maven {@code provided} scope and this factory never acts in the prod profile.
 */
public class EmbeddedKafkaConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafkaConfigSourceFactory.class);
    private static final String BROKER = "kafka.server.KafkaRaftServer";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (!profiles.contains("dev") && !profiles.contains("test")) {
            return List.of();
        }
        if (ExplicitConfig.valueOf(context, "kafka.bootstrap.servers") != null || ModulesConfig.ALL.stream()
                .noneMatch(module -> "kafka".equalsIgnoreCase(ExplicitConfig.valueOf(context, "eventshop.modules." + module + ".channel")))) {
            return List.of();
        }
        if ("devservices".equals(ExplicitConfig.valueOf(context, "eventshop.dev-kafka"))) {
            return List.of(new PropertiesConfigSource(Map.of("quarkus.kafka.devservices.enabled", "true"),
                    "eventshop Kafka Dev Services", 200));
        }
        if (!brokerOnClasspath()) {
            LOG.warn("A module's channel is kafka, but no kafka.bootstrap.servers is set and no embedded broker is on "
                    + "the classpath");
            return List.of();
        }
        return List.of(new PropertiesConfigSource(Map.of("kafka.bootstrap.servers", EmbeddedKafkaLauncher.ensureStarted()),
                "eventshop embedded Kafka", 200));
    }

    private static boolean brokerOnClasspath() {
        try {
            Class.forName(BROKER, false, EmbeddedKafkaConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
