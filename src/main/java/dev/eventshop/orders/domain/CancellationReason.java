package dev.eventshop.orders.domain;

public enum CancellationReason {
    OUT_OF_STOCK, PAYMENT_DECLINED, CUSTOMER_CANCELLED, TIMED_OUT
}
