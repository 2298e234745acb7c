package dev.eventshop.platform.eventstore;

import java.util.List;
import java.util.Objects;

/**
 * Events for one stream, appended only if the stream is at {@code expectedVersion} (see {@link ExpectedVersion}).
 *
 * @param streamType the kind of stream, {@code <module>.<aggregate>} (e.g. {@code orders.order}); subscriptions
 *        filter on it
 */
public record StreamAppend(String streamId, String streamType, long expectedVersion, List<NewEvent> events) {

    public StreamAppend {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(streamType, "streamType");
        if (expectedVersion < ExpectedVersion.ANY) {
            throw new IllegalArgumentException("expectedVersion must be >= -1, was " + expectedVersion);
        }
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("an append needs at least one event");
        }
        events = List.copyOf(events);
    }
}
