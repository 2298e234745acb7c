package dev.eventshop.orders;

/** Names the orders module uses on the outside: producer name in event metadata, database schema. */
public final class OrdersModule {

    public static final String NAME = "orders";
    public static final String SCHEMA = "orders";

    private OrdersModule() {
    }
}
