package dev.eventshop.inventory.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.inventory.InventoryModule;
import dev.eventshop.inventory.api.InventoryStreams;
import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.inventory.api.StockReleased;
import dev.eventshop.inventory.api.StockReservationRejected;
import dev.eventshop.inventory.api.StockReserved;
import dev.eventshop.inventory.api.StockShipped;
import dev.eventshop.inventory.domain.InventoryEvents;
import dev.eventshop.platform.modules.PublishedStreams;

/**
 * The streams the inventory module appends to, and the events they carry. Relayed to its Kafka topic when its
 * channel is {@code kafka}.
 */
@Singleton
public class InventoryPublishedStreams extends PublishedStreams {

    public InventoryPublishedStreams() {
        super(InventoryModule.NAME, List.of(InventoryStreams.PRODUCT, InventoryStreams.RESERVATION), List.of(
                ProductAdded.class,
                ProductRestocked.class,
                StockReserved.class,
                StockReservationRejected.class,
                StockReleased.class,
                StockShipped.class,
                InventoryEvents.ReservationVoided.class));
    }
}
