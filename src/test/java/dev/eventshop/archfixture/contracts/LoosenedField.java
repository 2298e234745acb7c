package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.eventstore.OptionalField;

/** Breaks its committed contract: {@code customerId} was required, and older readers rely on it. */
@EventType("archfixture.LoosenedField.v1")
public record LoosenedField(String orderId, @OptionalField String customerId) {
}
