package dev.eventshop.payments.api;

/**
 * A payment's events: everything its stream records. The one list of them: the aggregate folds exactly these, and
 * tests fail when an event class is in no list or the aggregate (or, for orders and shipments, the view) misses
 * one. A new event of the stream is added here first.
 */
public sealed interface PaymentEvent permits PaymentCaptured, PaymentDeclined, PaymentRefunded, PaymentVoided {
}
