package dev.eventshop.archfixture.payments.api;

import dev.eventshop.platform.eventstore.EventType;

/** An internal event of the fixture's payments: in its api package, but for payments alone. */
@EventType(value = "archfixture.ChargeVoided.v1", internal = true)
public record ChargeVoided(String orderId) {
}
