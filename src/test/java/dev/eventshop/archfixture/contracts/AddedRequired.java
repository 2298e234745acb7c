package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;

/** Breaks its committed contract: {@code note} is added without being optional. */
@EventType("archfixture.AddedRequired.v1")
public record AddedRequired(String orderId, String note) {
}
