package dev.eventshop.orders.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.inventory.api.ReleaseStockCommand;
import dev.eventshop.inventory.api.ReserveStockCommand;
import dev.eventshop.inventory.api.ShipStockCommand;
import dev.eventshop.orders.OrdersModule;
import dev.eventshop.orders.api.OrderCancelled;
import dev.eventshop.orders.api.OrderConfirmed;
import dev.eventshop.orders.api.OrderDelivered;
import dev.eventshop.orders.api.OrderPlaced;
import dev.eventshop.orders.api.OrderShipped;
import dev.eventshop.orders.api.OrderStreams;
import dev.eventshop.orders.domain.OrderEvents;
import dev.eventshop.payments.api.CapturePaymentCommand;
import dev.eventshop.payments.api.RefundPaymentCommand;
import dev.eventshop.platform.modules.PublishedStreams;
import dev.eventshop.shipping.api.CancelShipmentCommand;
import dev.eventshop.shipping.api.ScheduleShipmentCommand;

/**
 * The streams the orders module appends to, and what they carry: the order's events (published and internal) and the
 * commands it addresses to the other modules. Relayed to its Kafka topic when its channel is {@code kafka}.
 */
@Singleton
public class OrdersPublishedStreams extends PublishedStreams {

    public OrdersPublishedStreams() {
        super(OrdersModule.NAME, List.of(OrderStreams.ORDER), List.of(
                OrderPlaced.class,
                OrderConfirmed.class,
                OrderCancelled.class,
                OrderShipped.class,
                OrderDelivered.class,
                OrderEvents.OrderStockReserved.class,
                OrderEvents.OrderShipmentScheduled.class,
                OrderEvents.OrderCancellationRequested.class,
                OrderEvents.OrderCancellationRefused.class,
                OrderEvents.OrderFlaggedOverdue.class,
                ReserveStockCommand.class,
                ReleaseStockCommand.class,
                ShipStockCommand.class,
                CapturePaymentCommand.class,
                RefundPaymentCommand.class,
                ScheduleShipmentCommand.class,
                CancelShipmentCommand.class));
    }
}
