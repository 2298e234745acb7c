package dev.eventshop.shipping.api;

/** Stream types the shipping module appends to. */
public final class ShippingStreams {

    /** One stream per order's shipment ({@code shipment-<orderId>}). */
    public static final String SHIPMENT = "shipping.shipment";

    private ShippingStreams() {
    }

    public static String shipmentStream(String orderId) {
        return "shipment-" + orderId;
    }
}
