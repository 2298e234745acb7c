package dev.eventshop.orders.application;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.orders.domain.CancellationReason;
import dev.eventshop.orders.domain.Order;
import dev.eventshop.payments.api.PaymentCaptured;
import dev.eventshop.payments.api.PaymentDeclined;
import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;

/** Orders' subscription to payments: a capture confirms the order, a decline cancels it PAYMENT_DECLINED. */
@ApplicationScoped
public class OrderPaymentEvents {

    private final EventCodec codec;
    private final OrderProcess process;

    public OrderPaymentEvents(EventCodec codec, OrderProcess process) {
        this.codec = codec;
        this.process = process;
    }

    @Incoming(OrdersChannels.PAYMENTS)
    public Uni<Void> on(RecordedEvent event) {
        if (event.type().equals(codec.typeOf(PaymentCaptured.class))) {
            return process.decide(OrdersChannels.PAYMENTS, event, codec.decode(event, PaymentCaptured.class).orderId(),
                    Order::paymentCaptured);
        }
        if (event.type().equals(codec.typeOf(PaymentDeclined.class))) {
            return process.decide(OrdersChannels.PAYMENTS, event, codec.decode(event, PaymentDeclined.class).orderId(),
                    order -> order.abandon(CancellationReason.PAYMENT_DECLINED));
        }
        return Uni.createFrom().voidItem();
    }
}
