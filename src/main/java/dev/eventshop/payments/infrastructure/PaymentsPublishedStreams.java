package dev.eventshop.payments.infrastructure;

import java.util.List;

import jakarta.inject.Singleton;

import dev.eventshop.payments.PaymentsModule;
import dev.eventshop.payments.api.PaymentStreams;
import dev.eventshop.payments.domain.Payment;
import dev.eventshop.platform.modules.PublishedStreams;

/**
 * The streams the payments module appends to, and the events they carry. Relayed to its Kafka topic when its
 * channel is {@code kafka}.
 */
@Singleton
public class PaymentsPublishedStreams extends PublishedStreams {

    public PaymentsPublishedStreams() {
        super(PaymentsModule.NAME, List.of(PaymentStreams.PAYMENT), Payment.EVENTS);
    }
}
