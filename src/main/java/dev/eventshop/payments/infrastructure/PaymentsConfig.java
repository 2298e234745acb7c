package dev.eventshop.payments.infrastructure;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The payments module's settings. */
@ConfigMapping(prefix = "eventshop.payments")
public interface PaymentsConfig {

    /**
     * How long after the last capture attempt left the provider may still be processing it (our call timed out, its
     * work did not). A payment called off within this time is not voided on the provider's "no charge" yet: the
     * delivery is retried, and the charge, if it lands, is found and refunded.
     */
    @WithDefault("30s")
    Duration captureSettleTime();
}
