package dev.eventshop.inventory.infrastructure;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

/**
 * A product of {@code inventory.products} as the catalogue shows it; written only by ProductCatalogProjection. The
 * stock counters behind {@code available} (received, reserved, shipped) are not the catalogue's business.
 */
@Entity
@Immutable
@Table(schema = "inventory", name = "products")
public class ProductEntity {

    @Id
    @Column(name = "sku", columnDefinition = "text")
    String sku;
    @Column(name = "name", columnDefinition = "text")
    String name;
    @Column(name = "price_amount")
    long priceAmount;
    @Column(name = "currency", columnDefinition = "text")
    String currency;
    @Column(name = "available")
    int available;

    protected ProductEntity() {
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public long priceAmount() {
        return priceAmount;
    }

    public String currency() {
        return currency;
    }

    public int available() {
        return available;
    }
}
