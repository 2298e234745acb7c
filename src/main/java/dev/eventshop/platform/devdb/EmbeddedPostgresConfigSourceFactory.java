package dev.eventshop.platform.devdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import dev.eventshop.platform.config.ExplicitConfig;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Zero-install database for {@code quarkus:dev} and tests.
 * <p>
 * Resolution order: a datasource URL configured anywhere wins; otherwise Quarkus Dev Services, when a container
 * engine answers; otherwise a real PostgreSQL started from Maven jars (zonky). Dev Services decide at build time,
 * so the URL has to come from configuration the build sees — hence a config source rather than a bean. The zonky
 * jars are in Maven {@code provided} scope: present for dev and tests, absent from {@code target/quarkus-app}, and
 * this factory never acts in the prod profile.
 * <p>
 * {@code eventshop.dev-database} (or {@code EVENTSHOP_DEV_DATABASE}) = {@code auto} (default), {@code embedded} or
 * {@code devservices} forces a choice.
 */
public class EmbeddedPostgresConfigSourceFactory implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresConfigSourceFactory.class);
    private static final String ZONKY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean test = profiles.contains("test");
        boolean dev = profiles.contains("dev");
        if (!test && !dev) {
            return List.of();
        }
        if (isSet(context, "quarkus.datasource.reactive.url") || isSet(context, "quarkus.datasource.jdbc.url")) {
            return List.of();
        }
        String mode = valueOf(context, "eventshop.dev-database", "auto");
        if ("devservices".equals(mode) || ("auto".equals(mode) && ContainerEngine.available())) {
            return List.of();
        }
        if (!zonkyOnClasspath()) {
            LOG.warn("No datasource URL, no container engine and no embedded PostgreSQL on the classpath");
            return List.of();
        }
        String jdbcUrl = test
                ? EmbeddedPostgresLauncher.ensureStarted("test", null)
                : EmbeddedPostgresLauncher.ensureStarted("dev", devDataDirectory(context));
        String reactiveUrl = jdbcUrl.replaceFirst("^jdbc:", "");
        Map<String, String> props = Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", reactiveUrl,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
        return List.of(new PropertiesConfigSource(props, "eventshop embedded PostgreSQL", 200));
    }

    /** Kept across restarts; {@code ./mvnw clean} leaves it alone. Delete the folder to start afresh. */
    private static Path devDataDirectory(ConfigSourceContext context) {
        String configured = valueOf(context, "eventshop.dev-database.data-dir", null);
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        Path projectDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        // quarkus:dev runs with the project as working directory; fall back to the user's home otherwise
        if (!Files.exists(projectDir.resolve("pom.xml"))) {
            projectDir = Path.of(System.getProperty("user.home"));
        }
        return projectDir.resolve(".eventshop").resolve("dev-postgres");
    }

    private static boolean zonkyOnClasspath() {
        try {
            Class.forName(ZONKY, false, EmbeddedPostgresConfigSourceFactory.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        return ExplicitConfig.valueOf(context, name) != null;
    }

    private static String valueOf(ConfigSourceContext context, String name, String defaultValue) {
        String value = ExplicitConfig.valueOf(context, name);
        return value != null ? value : defaultValue;
    }
}
