package dev.eventshop.shipping.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.platform.modules.PublishedStreams;
import dev.eventshop.shipping.ShippingModule;
import dev.eventshop.shipping.api.ShipmentCancellationRefused;
import dev.eventshop.shipping.api.ShipmentCancelled;
import dev.eventshop.shipping.api.ShipmentDelivered;
import dev.eventshop.shipping.api.ShipmentDispatched;
import dev.eventshop.shipping.api.ShipmentScheduled;
import dev.eventshop.shipping.api.ShippingStreams;

/**
 * The streams the shipping module appends to, and the events they carry. Relayed to its Kafka topic when its
 * channel is {@code kafka}.
 */
@Singleton
public class ShippingPublishedStreams extends PublishedStreams {

    public ShippingPublishedStreams() {
        super(ShippingModule.NAME, List.of(ShippingStreams.SHIPMENT), List.of(
                ShipmentScheduled.class,
                ShipmentDispatched.class,
                ShipmentDelivered.class,
                ShipmentCancelled.class,
                ShipmentCancellationRefused.class));
    }
}
