package dev.eventshop.inventory.infrastructure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Inventory's settings. */
@ConfigMapping(prefix = "eventshop.inventory")
public interface InventoryConfig {

    /**
     * Whether an empty catalogue gets a few demo products at start, so that a developer can place an order at once.
     * On in dev mode only: a production catalogue starts empty and is the operators' to fill.
     */
    @WithDefault("false")
    boolean demoCatalogue();
}
