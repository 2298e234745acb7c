package dev.eventshop.orders.api;

import java.time.Instant;
import java.util.List;

import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.money.Money;

/**
 * A shopper placed an order. {@code deadline}: confirmed by then, or cancelled.
 * {@code paymentToken} is the provider's single-use token for the shopper's card, never card data.
 */
@EventType("orders.OrderPlaced.v1")
public record OrderPlaced(String orderId, String customerId, List<OrderLine> lines, Money total,
        ShippingAddress shippingAddress, String paymentToken, Instant deadline) implements OrderEvent {
}
