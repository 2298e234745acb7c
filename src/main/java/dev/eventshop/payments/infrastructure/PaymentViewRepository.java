package dev.eventshop.payments.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Reads {@code payments.payment_view}; in a session opened by the caller (see {@code Reads}). */
@ApplicationScoped
public class PaymentViewRepository implements PanacheRepositoryBase<PaymentViewEntity, String> {
}
