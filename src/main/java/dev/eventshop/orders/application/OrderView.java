package dev.eventshop.orders.application;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.eventshop.platform.money.Money;

/** An order as its shopper and operators see it: status, items, total and the history of its steps. */
@Schema(example = """
        {"orderId": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "customerId": "c-ada", "status": "CONFIRMED",
        "items": [{"sku": "MUG-1", "quantity": 2, "unitPrice": {"amount": 1299, "currency": "EUR"}}],
        "total": {"amount": 2598, "currency": "EUR"}, "cancellationReason": null, "trackingNumber": null,
        "history": [{"type": "OrderPlaced", "occurredAt": "2026-12-06T09:15:02.114Z"},
        {"type": "OrderStockReserved", "occurredAt": "2026-12-06T09:15:02.131Z"},
        {"type": "OrderConfirmed", "occurredAt": "2026-12-06T09:15:02.169Z"}]}""")
public record OrderView(String orderId, String customerId, String status, List<ItemView> items, Money total,
        String cancellationReason, String trackingNumber, List<HistoryEntry> history) {

    public record ItemView(String sku, int quantity, Money unitPrice) {
    }

    /** A step of the order's history: the event's short type name (OrderPlaced) and when it happened. */
    public record HistoryEntry(String type, Instant occurredAt) {
    }
}
