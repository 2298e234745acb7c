package dev.eventshop.platform.messaging.kafka;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the broker answers, when a channel crosses Kafka: the check names the channels held up. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final KafkaBroker broker;

    public KafkaReadiness(KafkaBroker broker) {
        this.broker = broker;
    }

    @Override
    public HealthCheckResponse call() {
        KafkaBroker.State state = broker.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka");
        if (!state.used()) {
            return response.up().withData("channels", "none on Kafka").build();
        }
        response.status(state.reachable()).withData("bootstrapServers", state.bootstrapServers())
                .withData("channels", String.join(",", state.channels()))
                .withData("topics", String.join(",", state.topics()));
        if (state.problem() != null) {
            response.withData("problem", state.problem());
        }
        return response.build();
    }
}
