package dev.eventshop.shipping.application;

/** Channels the shipping module consumes. */
public final class ShippingChannels {

    /** Commands addressed to shipping (schedule, cancel), wherever they are appended. */
    public static final String COMMANDS = "shipping-commands";

    private ShippingChannels() {
    }
}
