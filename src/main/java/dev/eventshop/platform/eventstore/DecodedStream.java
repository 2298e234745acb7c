package dev.eventshop.platform.eventstore;

import java.util.List;
import java.util.function.BiFunction;

/** A stream's events, decoded, in version order, and the version they bring the stream to (0: no stream). */
public record DecodedStream(List<Object> events, long version) {

    /** The aggregate these events make of {@code initial}. */
    public <A> Loaded<A> fold(A initial, BiFunction<A, Object, A> evolve) {
        A state = initial;
        for (Object event : events) {
            state = evolve.apply(state, event);
        }
        return new Loaded<>(state, version);
    }
}
