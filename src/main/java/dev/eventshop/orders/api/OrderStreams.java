package dev.eventshop.orders.api;

/** Stream types the orders module appends to. */
public final class OrderStreams {

    /** One stream per order ({@code order-<orderId>}). */
    public static final String ORDER = "orders.order";

    private OrderStreams() {
    }

    public static String orderStream(String orderId) {
        return "order-" + orderId;
    }
}
