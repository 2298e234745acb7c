package dev.eventshop.orders.application;

import java.time.Instant;
import java.util.List;

import dev.eventshop.platform.money.Money;

/** An order as its shopper and operators see it: status, items, total and the history of its steps. */
public record OrderView(String orderId, String customerId, String status, List<ItemView> items, Money total,
        String cancellationReason, String trackingNumber, List<HistoryEntry> history) {

    public record ItemView(String sku, int quantity, Money unitPrice) {
    }

    /** A step of the order's history: the event's short type name (OrderPlaced) and when it happened. */
    public record HistoryEntry(String type, Instant occurredAt) {
    }
}
