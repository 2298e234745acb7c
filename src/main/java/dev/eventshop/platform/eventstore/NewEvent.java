package dev.eventshop.platform.eventstore;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;

/**
 * An event about to be appended: its payload (a record annotated with {@link EventType}) and its unique id.
 * <p>
 * A new id is a UUID of version 7: its first 48 bits are the time in ms, the rest random. Every subscriber's inbox
 * row and the event's own row are found by that id, through B-tree indexes; a random id (version 4) lands anywhere
 * in them, so each insert touches a page of its own, which after a checkpoint costs a whole page in the WAL. Ids in
 * time order land at the indexes' ends. Nothing reads meaning into an id: it is unique, and that is all.
 */
public record NewEvent(UUID eventId, Object payload) {

    private static final NoArgGenerator IDS = Generators.timeBasedEpochRandomGenerator();

    public NewEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payload, "payload");
    }

    public static NewEvent of(Object payload) {
        return new NewEvent(IDS.generate(), payload);
    }
}
