package dev.eventshop.platform.operations;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The reconciliation job: how often it runs, how far back it looks, and how long a flow may take to agree. */
@ConfigMapping(prefix = "eventshop.reconciliation")
public interface ReconciliationConfig {

    /** How often every check runs (quarkus-scheduler); "off" disables the job (the admin API still runs it). */
    @WithDefault("5m")
    String interval();

    /** The flows a run looks at: those that began within this window. */
    @WithDefault("24h")
    Duration window();

    /**
     * How long after a step the modules may still disagree while the saga catches up (a compensation on its way):
     * younger disagreements are not reported.
     */
    @WithDefault("1m")
    Duration grace();

    /** At most this many flows per check and run (oldest first), so that a run's cost is bounded. */
    @WithDefault("10000")
    int limit();
}
