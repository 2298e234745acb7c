package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;

/** Committed as an internal event, now published: the fixture of "an internal version stays internal". */
@EventType("archfixture.MadePublished.v1")
public record MadePublished(String orderId) {
}
