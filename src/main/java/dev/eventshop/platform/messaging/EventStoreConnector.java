package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import dev.eventshop.platform.eventstore.RecordedEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.reactive.messaging.connector.InboundConnector;

/**
 * The in-process channel between modules: a SmallRye Reactive Messaging connector over catch-up subscriptions of
 * the event store. A module consumes with a plain {@code @Incoming} method taking a {@link RecordedEvent}; which
 * connector feeds the channel is configuration, so the same method can later read the same envelope from Kafka.
 * <p>
 * Each event is emitted only after the previous one was acknowledged or nacked: ack advances the checkpoint, nack
 * triggers a retry with backoff and, after the last attempt, parks the event. Channel attributes:
 * <ul>
 * <li>{@code subscription} — durable subscription name (default: the channel name)</li>
 * <li>{@code stream-types} — comma-separated stream types to receive (default: all)</li>
 * <li>{@code batch-size}, {@code max-attempts}, {@code initial-backoff}, {@code max-backoff} — override
 * {@code eventshop.subscriptions.*}</li>
 * </ul>
 */
@ApplicationScoped
@Connector(EventStoreConnector.NAME)
public class EventStoreConnector implements InboundConnector {

    public static final String NAME = "eventstore";

    private final Subscriptions subscriptions;

    public EventStoreConnector(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        String channel = config.getValue("channel-name", String.class);
        String name = config.getOptionalValue("subscription", String.class).orElse(channel);
        List<String> streamTypes = config.getOptionalValue("stream-types", String.class)
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList())
                .orElse(List.of());
        SubscriptionOptions defaults = subscriptions.defaults(name, streamTypes);
        SubscriptionOptions options = defaults
                .withBatchSize(config.getOptionalValue("batch-size", Integer.class).orElse(defaults.batchSize()))
                .withMaxAttempts(config.getOptionalValue("max-attempts", Integer.class).orElse(defaults.maxAttempts()))
                .withBackoff(duration(config, "initial-backoff").orElse(defaults.initialBackoff()),
                        duration(config, "max-backoff").orElse(defaults.maxBackoff()));
        return Multi.createFrom().emitter(emitter -> {
            SubscriptionWorker worker = subscriptions.start(options, event -> deliver(emitter, event));
            emitter.onTermination(() -> worker.stop().subscribe().with(ignored -> {
            }));
        });
    }

    private static Optional<Duration> duration(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(DurationConverter::parseDuration);
    }

    private static Uni<Void> deliver(MultiEmitter<? super Message<RecordedEvent>> emitter, RecordedEvent event) {
        return Uni.createFrom().emitter(outcome -> emitter.emit(Message.of(event,
                () -> {
                    outcome.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    outcome.fail(failure);
                    return CompletableFuture.completedFuture(null);
                })));
    }
}
