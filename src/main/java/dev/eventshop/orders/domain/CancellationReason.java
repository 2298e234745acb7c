package dev.eventshop.orders.domain;

public enum CancellationReason {
    OUT_OF_STOCK, PAYMENT_DECLINED, CUSTOMER_CANCELLED, TIMED_OUT,
    /** Confirmed, but its shipment was not booked within {@code eventshop.orders.shipment-timeout}. */
    SHIPMENT_NOT_SCHEDULED
}
