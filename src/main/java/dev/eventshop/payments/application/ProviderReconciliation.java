package dev.eventshop.payments.application;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.payments.PaymentsModule;
import dev.eventshop.payments.infrastructure.PaymentProvider;
import dev.eventshop.payments.infrastructure.PaymentProviderClient;
import dev.eventshop.payments.infrastructure.PaymentViewProjection;
import dev.eventshop.platform.operations.ReconciliationCheck;
import dev.eventshop.platform.operations.ReconciliationConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Payments' books against the provider's: for each payment that should hold no money (voided, declined, refunded)
 * or still waits for its capture's answer past the grace time, the provider is asked what it holds for the order. A
 * charge holding money there is one payments does not know about: money taken that nobody will give back. One
 * question at a time, so that a run does not crowd out the captures.
 */
@ApplicationScoped
public class ProviderReconciliation implements ReconciliationCheck {

    public static final String UNKNOWN_CHARGE = "UNKNOWN_CHARGE";

    private final PaymentViewProjection views;
    private final PaymentProvider provider;
    private final ReconciliationConfig config;

    public ProviderReconciliation(PaymentViewProjection views, PaymentProvider provider, ReconciliationConfig config) {
        this.views = views;
        this.provider = provider;
        this.config = config;
    }

    @Override
    public String module() {
        return PaymentsModule.NAME;
    }

    @Override
    public List<String> kinds() {
        return List.of(UNKNOWN_CHARGE);
    }

    @Override
    public Uni<List<Finding>> findings(Instant since) {
        return views.unheld(since, Instant.now().minus(config.grace()), config.limit())
                .onItem().transformToMulti(payments -> Multi.createFrom().iterable(payments))
                .onItem().transformToUniAndConcatenate(payment -> provider.chargesFor(payment.orderId())
                        .map(charges -> charges.stream().filter(PaymentProviderClient.Charge::holdsMoney)
                                .map(charge -> new Finding(UNKNOWN_CHARGE, payment.orderId(), "the provider holds "
                                        + "charge " + charge.id() + " of " + charge.amount() + " " + charge.currency()
                                        + " (minor units) while payments says " + payment.status()))
                                .toList()))
                .collect().in(java.util.ArrayList<Finding>::new, List::addAll)
                .map(List::copyOf);
    }
}
