package dev.eventshop.archfixture.channels;

import dev.eventshop.platform.eventstore.EventType;

/** Fixture: an event type no module's PublishedStreams declares. */
@EventType("archfixture.UndeclaredEvent.v1")
public record UndeclaredEvent(String id) {
}
