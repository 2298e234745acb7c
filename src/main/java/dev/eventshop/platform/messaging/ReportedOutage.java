package dev.eventshop.platform.messaging;

/**
 * A handler's failure during an outage that something else already reports (a readiness check and its own WARN line
 * every so often, such as a Kafka broker out of reach): retried as any failure, but its retries are logged at DEBUG,
 * so the log says it once instead of once a second per subscription.
 */
public class ReportedOutage extends RuntimeException {

    public ReportedOutage(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
