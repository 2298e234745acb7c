package dev.eventshop.inventory.api;

/**
 * A product's events: everything its stream records. The one list of them: the aggregate folds, and its projections and handlers dispatch on, exactly these, and a
 * test fails when one of them is missing a case. A new event of the stream is added here first.
 */
public sealed interface ProductEvent permits ProductAdded, ProductRestocked {
}
