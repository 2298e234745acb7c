package dev.eventshop.platform.modules;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where each module's events cross module boundaries. Every process of a deployment gives the same values, so each
 * can tell on its own which events it relays to Kafka.
 */
@ConfigMapping(prefix = "eventshop.modules")
public interface ModulesConfig {

    /** Every module, by name. */
    List<String> ALL = List.of("orders", "payments", "inventory", "shipping");

    /**
     * The modules this process runs: their channels, timers and HTTP endpoints. The others run elsewhere; their paths
     * are forwarded to their {@code url}. Default: all four (the monolith).
     */
    @WithDefault("orders,payments,inventory,shipping")
    Set<String> enabled();

    /** Whether this process runs the module. */
    default boolean runs(String module) {
        return enabled().contains(module);
    }

    Module orders();

    Module payments();

    Module inventory();

    Module shipping();

    /** The settings of a module by its name ({@code orders}, {@code payments}, {@code inventory}, {@code shipping}). */
    default Module of(String module) {
        return switch (module) {
            case "orders" -> orders();
            case "payments" -> payments();
            case "inventory" -> inventory();
            case "shipping" -> shipping();
            default -> throw new IllegalArgumentException("No module " + module);
        };
    }

    interface Module {
        /**
         * {@code eventstore} (default): the module's events reach other modules through the event store, in process.
         * {@code kafka}: what the module publishes is also relayed from the event store to its Kafka topic, at least
         * once, in order per stream.
         */
        @WithDefault("eventstore")
        Channel channel();

        /** The module's Kafka topic; {@code eventshop.<module>.events} when not set. */
        Optional<String> topic();

        /**
         * Where the module answers HTTP when it runs in another process (e.g. {@code http://shipping:8080}): this
         * process forwards the module's paths there, so clients keep their URLs when a module moves.
         */
        Optional<URI> url();
    }

    enum Channel {
        EVENTSTORE, KAFKA
    }
}
