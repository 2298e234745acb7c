package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.eventstore.OptionalField;

/** Keeps its committed contract: only an optional {@code note} is added (the catalogue file is then out of date). */
@EventType("archfixture.AddedOptional.v1")
public record AddedOptional(String orderId, @OptionalField String note) {
}
