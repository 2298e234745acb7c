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
 * Refuses to start a process that is missing what it needs from outside, naming the keys: the public key and issuer
 * that bearer tokens are verified with, and the provider's and carrier's URLs while the sandboxes are off (their
 * defaults point at this application's own {@code /sandbox/**}, which then does not answer). Without this, every
 * request would be refused, or the first order would fail at its capture, long after the deployment looked healthy.
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
        List<String> problems = new ArrayList<>();
        // without them every token would be refused (no key) or any issuer's accepted (no issuer)
        if (unset("mp.jwt.verify.publickey.location") && unset("mp.jwt.verify.publickey")) {
            problems.add("Not configured: " + named("mp.jwt.verify.publickey.location")
                    + ", the public key bearer tokens are verified with (README, Security).");
        }
        if (unset("mp.jwt.verify.issuer")) {
            problems.add("Not configured: " + named("mp.jwt.verify.issuer") + ", the issuer of accepted tokens.");
        }
        if (!sandbox.enabled()) {
            List<String> missing = new ArrayList<>();
            URL_KEYS.forEach((module, key) -> {
                if (modules.runs(module) && pointsAtOwnSandbox(key)) {
                    missing.add(named(key));
                }
            });
            if (!missing.isEmpty()) {
                missing.sort(null);
                problems.add("Not configured: " + String.join(", ", missing) + ". The sandboxes this application "
                        + "can serve are off (eventshop.sandbox.enabled is false outside dev mode and tests): set "
                        + "each URL to the real service, or EVENTSHOP_SANDBOX_ENABLED=true for a demo or a benchmark.");
            }
        }
        return problems.isEmpty() ? null : String.join(" ", problems);
    }

    private boolean unset(String key) {
        ConfigValue value = config.getConfigValue(key);
        return value == null || value.getValue() == null || value.getValue().isBlank();
    }

    private static String named(String key) {
        return key + " (env " + ExplicitConfig.envName(key) + ")";
    }

    /** Unset, or still the default of application.properties, which names this application's own sandbox. */
    private boolean pointsAtOwnSandbox(String key) {
        if (unset(key)) {
            return true;
        }
        ConfigValue value = config.getConfigValue(key);
        return value.getRawValue() != null && value.getRawValue().contains("${quarkus.http")
                && value.getValue().contains("/sandbox/");
    }
}
