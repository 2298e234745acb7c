package dev.eventshop.shipping.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.platform.modules.PublishedStreams;
import dev.eventshop.shipping.ShippingModule;
import dev.eventshop.shipping.api.ShippingStreams;
import dev.eventshop.shipping.domain.Shipment;

/**
 * The streams the shipping module appends to, and the events they carry. Relayed to its Kafka topic when its
 * channel is {@code kafka}.
 */
@Singleton
public class ShippingPublishedStreams extends PublishedStreams {

    public ShippingPublishedStreams() {
        super(ShippingModule.NAME, List.of(ShippingStreams.SHIPMENT), Shipment.EVENTS);
    }
}
