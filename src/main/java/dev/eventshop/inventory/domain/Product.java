package dev.eventshop.inventory.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.eventshop.inventory.api.ProductAdded;
import dev.eventshop.inventory.api.ProductRestocked;
import dev.eventshop.inventory.domain.InventoryEvents.ProductStockReleased;
import dev.eventshop.inventory.domain.InventoryEvents.ProductStockReserved;
import dev.eventshop.inventory.domain.InventoryEvents.ProductStockShipped;
import dev.eventshop.platform.money.Money;

/**
 * A product and its stock. Commands validate and return the events they cause; state changes only in
 * {@link #apply(Object)}. {@code available} never goes negative: a reservation that does not fit is refused.
 */
public final class Product {

    public static final List<Class<?>> EVENTS = List.of(ProductAdded.class, ProductRestocked.class,
            ProductStockReserved.class, ProductStockReleased.class, ProductStockShipped.class);

    private String sku;
    private String name;
    private Money price;
    private int available;
    private final Map<String, Integer> reservations = new HashMap<>();

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
        requireExists();
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1");
        }
        return List.of(new ProductRestocked(sku, quantity));
    }

    /** Whether {@code quantity} more could be reserved now (or is already reserved for this order). */
    public boolean canReserve(String orderId, int quantity) {
        return exists() && (reservations.containsKey(orderId) || available >= quantity);
    }

    public List<Object> reserve(String orderId, int quantity) {
        requireExists();
        if (reservations.containsKey(orderId)) {
            return List.of();
        }
        if (available < quantity) {
            throw new InventoryException.OutOfStock(sku);
        }
        return List.of(new ProductStockReserved(sku, orderId, quantity));
    }

    public List<Object> release(String orderId) {
        Integer quantity = reservations.get(orderId);
        return quantity == null ? List.of() : List.of(new ProductStockReleased(sku, orderId, quantity));
    }

    /** The reserved quantity leaves for good. */
    public List<Object> ship(String orderId) {
        Integer quantity = reservations.get(orderId);
        return quantity == null ? List.of() : List.of(new ProductStockShipped(sku, orderId, quantity));
    }

    public Product apply(Object event) {
        if (event instanceof ProductAdded added) {
            sku = added.sku();
            name = added.name();
            price = added.price();
            available = added.stock();
        } else if (event instanceof ProductRestocked restocked) {
            available += restocked.quantity();
        } else if (event instanceof ProductStockReserved reserved) {
            available -= reserved.quantity();
            reservations.put(reserved.orderId(), reserved.quantity());
        } else if (event instanceof ProductStockShipped shipped) {
            reservations.remove(shipped.orderId());
        } else if (event instanceof ProductStockReleased released) {
            available += released.quantity();
            reservations.remove(released.orderId());
        } else {
            throw new IllegalArgumentException("Product cannot apply " + event.getClass().getName());
        }
        return this;
    }

    private void requireExists() {
        if (!exists()) {
            throw new IllegalStateException("no such product");
        }
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

    public int available() {
        return available;
    }
}
