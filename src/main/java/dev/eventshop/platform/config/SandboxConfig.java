package dev.eventshop.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The stand-ins for the external payment provider and carrier that this application can serve itself
 * ({@code /sandbox/**}).
 */
@ConfigMapping(prefix = "eventshop.sandbox")
public interface SandboxConfig {

    /**
     * Whether this process serves the sandboxes. On in dev mode and tests; off in production, where anyone could
     * otherwise switch the provider's outage on or list every charge. Turn it on
     * ({@code EVENTSHOP_SANDBOX_ENABLED=true}) for demos and benchmarks of the packaged application; off, the
     * provider's and carrier's URLs must be configured.
     */
    @WithDefault("false")
    boolean enabled();
}
