package dev.eventshop.shipping.infrastructure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/** A row of {@code shipping.shipment_view} as the read side loads it; written only by ShipmentViewProjection. */
@Entity
@Immutable
@Table(schema = "shipping", name = "shipment_view")
public class ShipmentViewEntity {

    @Id
    @Column(name = "order_id", columnDefinition = "text")
    String orderId;
    @Column(name = "status", columnDefinition = "text")
    String status;
    @Column(name = "carrier", columnDefinition = "text")
    String carrier;
    @Column(name = "tracking_number", columnDefinition = "text")
    String trackingNumber;
    /** Null on rows of shipments booked before commands carried it: only an operator sees those. */
    @Column(name = "customer_id", columnDefinition = "text")
    String customerId;

    protected ShipmentViewEntity() {
    }

    public String orderId() {
        return orderId;
    }

    public String status() {
        return status;
    }

    public String carrier() {
        return carrier;
    }

    public String trackingNumber() {
        return trackingNumber;
    }

    public String customerId() {
        return customerId;
    }
}
