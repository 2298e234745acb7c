package dev.eventshop.inventory.application;

/** Channels the inventory module consumes. Each is one durable subscription; its connector is configuration. */
public final class InventoryChannels {

    /** Commands addressed to inventory (reserve, release), wherever they are appended. */
    public static final String COMMANDS = "inventory-commands";

    private InventoryChannels() {
    }
}
