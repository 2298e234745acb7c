package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;

/** Breaks its committed contract: {@code note} was optional. */
@EventType("archfixture.NewlyRequired.v1")
public record NewlyRequired(String orderId, String note) {
}
