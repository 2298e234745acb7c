package dev.eventshop.payments.infrastructure;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.payments.PaymentsModule;
import dev.eventshop.payments.api.PaymentStreams;
import dev.eventshop.platform.modules.PublishedStreams;

/** The streams the payments module appends to: relayed to its Kafka topic when its channel is {@code kafka}. */
@ApplicationScoped
public class PaymentsPublishedStreams implements PublishedStreams {

    @Override
    public String module() {
        return PaymentsModule.NAME;
    }

    @Override
    public List<String> streamTypes() {
        return List.of(PaymentStreams.PAYMENT);
    }
}
