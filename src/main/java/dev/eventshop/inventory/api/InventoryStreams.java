package dev.eventshop.inventory.api;

/** Stream types the inventory module appends to; subscribe to them with {@code stream-types}. */
public final class InventoryStreams {

    /** One stream per product ({@code product-<sku>}): catalogue and stock. */
    public static final String PRODUCT = "inventory.product";
    /** One stream per order's reservation ({@code reservation-<orderId>}): the outcome other modules react to. */
    public static final String RESERVATION = "inventory.reservation";

    private InventoryStreams() {
    }

    public static String productStream(String sku) {
        return "product-" + sku;
    }

    public static String reservationStream(String orderId) {
        return "reservation-" + orderId;
    }
}
