package dev.eventshop.orders.infrastructure;

import java.time.OffsetDateTime;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** A row of {@code orders.order_view} as the read side loads it; written only by OrderViewProjection. */
@Entity
@Immutable
@Table(schema = "orders", name = "order_view")
public class OrderViewEntity {

    @Id
    @Column(name = "order_id", columnDefinition = "text")
    String orderId;
    @Column(name = "customer_id", columnDefinition = "text")
    String customerId;
    @Column(name = "status", columnDefinition = "text")
    String status;
    // a jsonb array, read as text: Hibernate Reactive reads jsonb as a JSON object and fails on an array
    @Column(name = "items", columnDefinition = "jsonb")
    @ColumnTransformer(read = "cast(items as text)")
    String items;
    @Column(name = "total_amount")
    long totalAmount;
    @Column(name = "currency", columnDefinition = "text")
    String currency;
    @Column(name = "cancellation_reason", columnDefinition = "text")
    String cancellationReason;
    @Column(name = "tracking_number", columnDefinition = "text")
    String trackingNumber;
    @Column(name = "history", columnDefinition = "jsonb")
    @ColumnTransformer(read = "cast(history as text)")
    String history;
    /** Null when the order waits for nothing ('infinity' in the table). */
    @Column(name = "deadline")
    @ColumnTransformer(read = "nullif(deadline, 'infinity')")
    OffsetDateTime deadline;
    @Column(name = "placed_at")
    OffsetDateTime placedAt;

    protected OrderViewEntity() {
    }

    public String orderId() {
        return orderId;
    }

    public String customerId() {
        return customerId;
    }

    public String status() {
        return status;
    }

    public String itemsJson() {
        return items;
    }

    public long totalAmount() {
        return totalAmount;
    }

    public String currency() {
        return currency;
    }

    public String cancellationReason() {
        return cancellationReason;
    }

    public String trackingNumber() {
        return trackingNumber;
    }

    public String historyJson() {
        return history;
    }

    public OffsetDateTime deadline() {
        return deadline;
    }

    public OffsetDateTime placedAt() {
        return placedAt;
    }
}
