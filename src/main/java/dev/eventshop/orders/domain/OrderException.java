package dev.eventshop.orders.domain;

/** Business rules of orders that a command broke. */
public abstract sealed class OrderException extends RuntimeException {

    OrderException(String message) {
        super(message);
    }

    public static final class NotCancellable extends OrderException {
        public NotCancellable(String orderId, OrderStatus status) {
            super("Order " + orderId + " is " + status + " and can no longer be cancelled");
        }
    }
}
