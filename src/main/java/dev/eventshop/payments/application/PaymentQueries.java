package dev.eventshop.payments.application;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.payments.infrastructure.PaymentViewEntity;
import dev.eventshop.payments.infrastructure.PaymentViewRepository;
import dev.eventshop.platform.money.Money;
import dev.eventshop.platform.query.Reads;
import io.smallrye.mutiny.Uni;

/** What the web layer may ask about payments. */
@ApplicationScoped
public class PaymentQueries {

    private final Reads reads;
    private final PaymentViewRepository payments;

    public PaymentQueries(Reads reads, PaymentViewRepository payments) {
        this.reads = reads;
        this.payments = payments;
    }

    public Uni<Optional<PaymentView>> find(String orderId) {
        return reads.session(() -> payments.findById(orderId))
                .map(row -> Optional.ofNullable(row).map(PaymentQueries::view));
    }

    private static PaymentView view(PaymentViewEntity row) {
        return new PaymentView(row.orderId(), row.status(), new Money(row.amount(), row.currency()), row.customerId());
    }
}
