package dev.eventshop.platform.eventstore;

import java.util.List;

/**
 * One page of the global log: the wanted events in it, and where the page ends (which may be past the last wanted
 * event). {@code end} is null when nothing new was visible.
 */
public record Page(List<RecordedEvent> events, Cursor end) {

    public Page {
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return end == null;
    }
}
