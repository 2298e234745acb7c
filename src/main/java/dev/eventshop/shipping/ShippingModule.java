package dev.eventshop.shipping;

/** Names the shipping module uses on the outside: producer name in event metadata, database schema. */
public final class ShippingModule {

    public static final String NAME = "shipping";
    public static final String SCHEMA = "shipping";

    private ShippingModule() {
    }
}
