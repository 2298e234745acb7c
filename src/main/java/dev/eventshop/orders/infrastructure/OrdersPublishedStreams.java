package dev.eventshop.orders.infrastructure;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.platform.modules.PublishedStreams;

/** The streams the orders module appends to: relayed to its Kafka topic when its channel is {@code kafka}. */
@ApplicationScoped
public class OrdersPublishedStreams implements PublishedStreams {

    @Override
    public String module() {
        return OrdersModule.NAME;
    }

    @Override
    public List<String> streamTypes() {
        return List.of(OrderStreams.ORDER);
    }
}
