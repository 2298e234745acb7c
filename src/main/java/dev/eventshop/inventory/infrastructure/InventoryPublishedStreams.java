package dev.eventshop.inventory.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.platform.modules.PublishedStreams;

/** The streams the inventory module appends to: relayed to its Kafka topic when its channel is {@code kafka}. */
@Singleton
public class InventoryPublishedStreams extends PublishedStreams {

    public InventoryPublishedStreams() {
        super(InventoryModule.NAME, List.of(InventoryStreams.PRODUCT, InventoryStreams.RESERVATION));
    }
}
