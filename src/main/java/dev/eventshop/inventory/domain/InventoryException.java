package dev.eventshop.inventory.domain;

/** Business rules of the inventory that a command broke. */
public abstract sealed class InventoryException extends RuntimeException {

    InventoryException(String message) {
        super(message);
    }

    public static final class ProductExists extends InventoryException {
        public ProductExists(String sku) {
            super("A product with sku " + sku + " already exists");
        }
    }
}
