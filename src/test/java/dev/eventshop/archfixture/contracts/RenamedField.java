package dev.eventshop.archfixture.contracts;

import dev.eventshop.platform.eventstore.EventType;

/** Breaks its committed contract: {@code customerId} renamed to {@code customer} in the same version. */
@EventType("archfixture.RenamedField.v1")
public record RenamedField(String orderId, String customer) {
}
