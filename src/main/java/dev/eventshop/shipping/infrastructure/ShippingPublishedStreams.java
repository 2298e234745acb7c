package dev.eventshop.shipping.infrastructure;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.shipping.ShippingModule;
import dev.eventshop.shipping.api.ShippingStreams;
import dev.eventshop.platform.modules.PublishedStreams;

/** The streams the shipping module appends to: relayed to its Kafka topic when its channel is {@code kafka}. */
@ApplicationScoped
public class ShippingPublishedStreams implements PublishedStreams {

    @Override
    public String module() {
        return ShippingModule.NAME;
    }

    @Override
    public List<String> streamTypes() {
        return List.of(ShippingStreams.SHIPMENT);
    }
}
