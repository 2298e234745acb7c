package dev.eventshop.shipping.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

/** Reads {@code shipping.shipment_view}; in a session opened by the caller (see {@code Reads}). */
@ApplicationScoped
public class ShipmentViewRepository implements PanacheRepositoryBase<ShipmentViewEntity, String> {
}
