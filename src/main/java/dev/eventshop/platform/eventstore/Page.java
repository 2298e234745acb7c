package dev.eventshop.platform.eventstore;

import java.util.List;

/**
 * One page of the global log: the wanted events in it, where the page ends (which may be past the last wanted
 * event; null when nothing new was visible), and how many events it looked at.
 */
public record Page(List<RecordedEvent> events, Cursor end, int scanned) {

    public Page {
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return end == null;
    }
}
