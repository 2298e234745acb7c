package dev.eventshop.inventory.infrastructure;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.platform.modules.PublishedStreams;

/** The streams the inventory module appends to: relayed to its Kafka topic when its channel is {@code kafka}. */
@ApplicationScoped
public class InventoryPublishedStreams implements PublishedStreams {

    @Override
    public String module() {
        return InventoryModule.NAME;
    }

    @Override
    public List<String> streamTypes() {
        return List.of(InventoryStreams.PRODUCT, InventoryStreams.RESERVATION);
    }
}
