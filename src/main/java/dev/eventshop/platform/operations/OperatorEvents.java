package dev.eventshop.platform.operations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.eventshop.platform.eventstore.EventType;

/**
 * What operators did, as events of the platform's own stream per subscription ({@code operations-<subscription>}):
 * who ({@code operator}: the token's subject), what (the event type and its fields) and when (the event's time). Each
 * is appended in the transaction that carries out the action, so the record and the action cannot disagree.
 */
public final class OperatorEvents {

    /** The stream type of every operator action. */
    public static final String STREAM_TYPE = "platform.operations";

    /** Every operator event type, for the registry. */
    public static final List<Class<?>> ALL = List.of(SubscriptionPaused.class, SubscriptionResumed.class,
            ParkedEventReplayRequested.class, ParkedEventSkipped.class, ReadModelRebuildRequested.class);

    private OperatorEvents() {
    }

    /** The stream of the actions taken on one subscription or read model. */
    public static String streamOf(String target) {
        return "operations-" + target;
    }

    @EventType("platform.SubscriptionPaused.v1")
    public record SubscriptionPaused(String subscription, String operator) {
    }

    @EventType("platform.SubscriptionResumed.v1")
    public record SubscriptionResumed(String subscription, String operator) {
    }

    @EventType("platform.ParkedEventReplayRequested.v1")
    public record ParkedEventReplayRequested(String subscription, UUID eventId, String eventType, String streamId,
            String operator) {
    }

    @EventType("platform.ParkedEventSkipped.v1")
    public record ParkedEventSkipped(String subscription, UUID eventId, String eventType, String streamId,
            String correlationId, String reason, String operator) {
    }

    /** A rebuild of a read model from its events: of every stream, or of those written since {@code since}. */
    @EventType("platform.ReadModelRebuildRequested.v1")
    public record ReadModelRebuildRequested(String readModel, UUID rebuildId, Instant since, String operator) {
    }
}
