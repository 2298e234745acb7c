package dev.eventshop.inventory;

/** Names the inventory module uses on the outside: producer name in event metadata, database schema. */
public final class InventoryModule {

    public static final String NAME = "inventory";
    public static final String SCHEMA = "inventory";

    private InventoryModule() {
    }
}
