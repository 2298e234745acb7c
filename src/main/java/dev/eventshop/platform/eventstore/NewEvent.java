package dev.eventshop.platform.eventstore;

import java.util.Objects;
import java.util.UUID;

/** An event about to be appended: its payload (a record annotated with {@link EventType}) and its unique id. */
public record NewEvent(UUID eventId, Object payload) {

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payload, "payload");
    }

    public static NewEvent of(Object payload) {
        return new NewEvent(UUID.randomUUID(), payload);
    }
}
