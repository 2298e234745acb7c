package dev.eventshop.shipping.application;

/** A shipment as its shopper and operators see it. */
public record ShipmentView(String orderId, String status, String carrier, String trackingNumber, String customerId) {
}
