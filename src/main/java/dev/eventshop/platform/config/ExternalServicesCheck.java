package dev.eventshop.platform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import dev.eventshop.platform.modules.ModulesConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;

/**
 * Refuses to start a process whose modules would call the sandboxes while they are off: the default URLs of the
 * payment provider and the carrier point at this application's own {@code /sandbox/**}, which only answers when
 * {@code eventshop.sandbox.enabled} is true. Without this, the first order would fail at its capture, long after
 * the deployment looked healthy.
 */
@ApplicationScoped
public class ExternalServicesCheck {

    private static final Logger LOG = Logger.getLogger(ExternalServicesCheck.class);

    /** The REST client each module calls, by module. */
    static final Map<String, String> URL_KEYS = Map.of("payments", "quarkus.rest-client.payment-provider.url",
            "shipping", "quarkus.rest-client.carrier.url");

    private final SandboxConfig sandbox;
    private final ModulesConfig modules;
    private final SmallRyeConfig config;

    public ExternalServicesCheck(SandboxConfig sandbox, ModulesConfig modules, Config config) {
        this.sandbox = sandbox;
        this.modules = modules;
        this.config = config.unwrap(SmallRyeConfig.class);
    }

    void check(@Observes StartupEvent event) {
        String problem = problem();
        if (problem != null) {
            LOG.error(problem);
            throw new IllegalStateException(problem);
        }
    }

    /** @return what must be configured before this process may start, or null when nothing */
    String problem() {
        if (sandbox.enabled()) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        URL_KEYS.forEach((module, key) -> {
            if (modules.runs(module) && pointsAtOwnSandbox(config.getConfigValue(key))) {
                missing.add(key + " (env " + key.toUpperCase().replaceAll("[^A-Z0-9]", "_") + ")");
            }
        });
        if (missing.isEmpty()) {
            return null;
        }
        missing.sort(null);
        return "Not configured: " + String.join(", ", missing) + ". The sandboxes this application can serve are "
                + "off (eventshop.sandbox.enabled is false outside dev mode and tests): set each URL to the real "
                + "service, or EVENTSHOP_SANDBOX_ENABLED=true for a demo or a benchmark.";
    }

    /** Unset, or still the default of application.properties, which names this application's own sandbox. */
    private static boolean pointsAtOwnSandbox(ConfigValue value) {
        return value == null || value.getValue() == null || value.getValue().isBlank()
                || (value.getRawValue() != null && value.getRawValue().contains("${quarkus.http")
                        && value.getValue().contains("/sandbox/"));
    }
}
