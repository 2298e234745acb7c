package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;

/** Breaks its committed contract: {@code quantity} was an int32. */
@EventType("archfixture.WidenedField.v1")
public record WidenedField(String orderId, long quantity) {
}
