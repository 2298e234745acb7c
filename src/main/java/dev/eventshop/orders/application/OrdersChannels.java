package dev.eventshop.orders.application;

/** Channels the orders module consumes. Each is one durable subscription; its connector is configuration. */
public final class OrdersChannels {

    /** Inventory's events: prices for the price list, and reservation outcomes for the order process. */
    public static final String INVENTORY = "orders-inventory";

    /** Payments' answers: captured or declined. */
    public static final String PAYMENTS = "orders-payments";

    /** Shipping's answers: scheduled, dispatched, delivered. */
    public static final String SHIPPING = "orders-shipping";

    private OrdersChannels() {
    }
}
