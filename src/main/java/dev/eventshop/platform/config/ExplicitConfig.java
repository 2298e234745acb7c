package dev.eventshop.platform.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** What a config source factory needs to know about the configuration it adds to: the values someone set. */
public final class ExplicitConfig {

    private ExplicitConfig() {
    }

    /**
     * The value of {@code name} as configured (properties, system properties, environment), or null when unset or
     * blank. Extensions' built-in defaults (ordinals below zero) do not count as set.
     */
    public static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        if (value != null && value.getValue() != null && !value.getValue().isBlank() && value.getSourceOrdinal() >= 0) {
            return value.getValue();
        }
        // the environment source may not be among those a factory sees yet
        String env = System.getenv(envName(name));
        return env == null || env.isBlank() ? null : env;
    }

    /** The environment variable that sets {@code name}: {@code quarkus.http.port} → {@code QUARKUS_HTTP_PORT}. */
    public static String envName(String name) {
        return name.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }
}
