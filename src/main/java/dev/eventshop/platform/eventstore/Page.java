package dev.eventshop.platform.eventstore;

import java.util.List;

/**
 * One page of the global log: the wanted events in it, where the page ends (null when nothing new was visible),
 * and how many events it looked at (a full page means more may be waiting).
 */
public record Page(List<RecordedEvent> events, Cursor end, int scanned) {

    public Page {
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return end == null;
    }
}
