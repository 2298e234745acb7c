package dev.eventshop.inventory.domain;

import java.util.List;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductEvent;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.platform.money.Money;

/**
 * A catalogue entry: what it is, what it costs, how much stock was received. Commands validate and return the events
 * they cause; state changes only in {@link #apply(Object)}. Stock movements per order live in each order's
 * {@link Reservation} stream, so a product's stream stays short however many orders it sees.
 */
public final class Product {

    /** Everything the stream holds: the one list of them is {@link ProductEvent}. */
    public static final List<Class<?>> EVENTS = List.of(ProductEvent.class.getPermittedSubclasses());

    private String sku;
    private String name;
    private Money price;
    private int received;

    public static Product empty() {
        return new Product();
    }

    public boolean exists() {
        return sku != null;
    }

    public List<Object> add(String sku, String name, Money price, int stock) {
        if (exists()) {
            throw new InventoryException.ProductExists(sku);
        }
        if (stock < 0) {
            throw new IllegalArgumentException("stock must not be negative");
        }
        return List.of(new ProductAdded(sku, name, price, stock));
    }

    public List<Object> restock(int quantity) {
        if (!exists()) {
            throw new IllegalStateException("no such product");
        }
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        return List.of(new ProductRestocked(sku, quantity));
    }

    public Product apply(Object event) {
        if (event instanceof ProductAdded added) {
            sku = added.sku();
            name = added.name();
            price = added.price();
            received = added.stock();
        } else if (event instanceof ProductRestocked restocked) {
            received += restocked.quantity();
        } else {
            throw new IllegalArgumentException("Product cannot apply " + event.getClass().getName());
        }
        return this;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public Money price() {
        return price;
    }

    public int received() {
        return received;
    }
}
