package dev.eventshop.platform.eventstore;

import java.util.Objects;
import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.NoArgGenerator;

/**
 * An event about to be appended: its payload (a record annotated with {@link EventType}) and its unique id.
 * <p>
 * A new id is a UUID of version 7: its first 48 bits are the time in ms (as far as the clocks agree), 74 of the rest
 * random. The event ids' unique indexes and every subscriber's inbox key hold it; a random id (version 4) went in
 * anywhere, so each insert dirtied a page of its own, written whole to the WAL the first time after a checkpoint.
 * Ids in time order go in close together. Nothing reads meaning into an id: it is unique, and that is all.
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
