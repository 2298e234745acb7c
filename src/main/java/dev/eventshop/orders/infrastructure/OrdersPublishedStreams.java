package dev.eventshop.orders.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.platform.modules.PublishedStreams;

/**
 * The streams the orders module appends to, and what they carry: the order's events (published and internal) and the
 * commands it addresses to the other modules. Relayed to its Kafka topic when its channel is {@code kafka}.
 */
@Singleton
public class OrdersPublishedStreams extends PublishedStreams {

    public OrdersPublishedStreams() {
        super(OrdersModule.NAME, List.of(OrderStreams.ORDER), Order.EVENTS);
    }
}
