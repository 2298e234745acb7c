package dev.eventshop.inventory.infrastructure;

import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Singleton;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.domain.Product;
import dev.eventshop.inventory.domain.Reservation;
import dev.eventshop.platform.modules.PublishedStreams;

/**
 * The streams the inventory module appends to, and the events they carry. Relayed to its Kafka topic when its
 * channel is {@code kafka}.
 */
@Singleton
public class InventoryPublishedStreams extends PublishedStreams {

    public InventoryPublishedStreams() {
        super(InventoryModule.NAME, List.of(InventoryStreams.PRODUCT, InventoryStreams.RESERVATION),
                Stream.concat(Product.EVENTS.stream(), Reservation.EVENTS.stream()).toList());
    }
}
