package dev.eventshop.platform.messaging;

import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;

/** Applies one event. Completing acknowledges it; failing asks for a retry (and, after the last one, parks it). */
@FunctionalInterface
public interface SubscriptionHandler {

    Uni<Void> handle(RecordedEvent event);
}
