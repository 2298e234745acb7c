package dev.eventshop.payments.infrastructure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A row of {@code payments.payment_view} as the read side loads it; written only by PaymentViewProjection. */
@Entity
@Immutable
@Table(schema = "payments", name = "payment_view")
public class PaymentViewEntity {

    @Id
    @Column(name = "order_id", columnDefinition = "text")
    String orderId;
    @Column(name = "status", columnDefinition = "text")
    String status;
    @Column(name = "amount")
    long amount;
    @Column(name = "currency", columnDefinition = "text")
    String currency;
    /** Null on rows of payments requested before commands carried it: only an operator sees those. */
    @Column(name = "customer_id", columnDefinition = "text")
    String customerId;

    protected PaymentViewEntity() {
    }

    public String orderId() {
        return orderId;
    }

    public String status() {
        return status;
    }

    public long amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public String customerId() {
        return customerId;
    }
}
