package dev.eventshop.orders.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.shipping.api.ShipmentCancellationRefused;
import dev.eventshop.shipping.api.ShipmentCancelled;
import dev.eventshop.shipping.api.ShipmentDelivered;
import dev.eventshop.shipping.api.ShipmentDispatched;
import dev.eventshop.shipping.api.ShipmentScheduled;
import io.smallrye.mutiny.Uni;

/**
 * Orders' subscription to shipping: tracking number, then SHIPPED, then DELIVERED; and shipping's answer to a
 * cancellation of a confirmed order (called off: the order is cancelled; too late: the refusal is recorded).
 */
@ApplicationScoped
public class OrderShippingEvents {

    private final EventCodec codec;
    private final OrderProcess process;

    public OrderShippingEvents(EventCodec codec, OrderProcess process) {
        this.codec = codec;
        this.process = process;
    }

    @Incoming(OrdersChannels.SHIPPING)
    public Uni<Void> on(RecordedEvent event) {
        if (event.type().equals(codec.typeOf(ShipmentScheduled.class))) {
            ShipmentScheduled scheduled = codec.decode(event, ShipmentScheduled.class);
            return process.decide(OrdersChannels.SHIPPING, event, scheduled.orderId(),
                    order -> order.shipmentScheduled(scheduled.trackingNumber()));
        }
        if (event.type().equals(codec.typeOf(ShipmentDispatched.class))) {
            return process.decide(OrdersChannels.SHIPPING, event,
                    codec.decode(event, ShipmentDispatched.class).orderId(), order -> order.shipmentDispatched());
        }
        if (event.type().equals(codec.typeOf(ShipmentCancelled.class))) {
            return process.decide(OrdersChannels.SHIPPING, event,
                    codec.decode(event, ShipmentCancelled.class).orderId(), order -> order.shipmentCancelled());
        }
        if (event.type().equals(codec.typeOf(ShipmentCancellationRefused.class))) {
            ShipmentCancellationRefused refused = codec.decode(event, ShipmentCancellationRefused.class);
            return process.decide(OrdersChannels.SHIPPING, event, refused.orderId(),
                    order -> order.cancellationRefused(refused.reason()));
        }
        if (event.type().equals(codec.typeOf(ShipmentDelivered.class))) {
            return process.decide(OrdersChannels.SHIPPING, event,
                    codec.decode(event, ShipmentDelivered.class).orderId(), order -> order.shipmentDelivered());
        }
        return Uni.createFrom().voidItem();
    }
}
