package dev.eventshop.orders.application;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stuck order, why it counts as stuck, and the last step its history shows. */
@Schema(example = """
        {"orderId": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "customerId": "c-ada", "status": "PENDING",
        "placedAt": "2026-12-06T09:15:02.114Z", "deadline": "2026-12-06T09:20:02.114Z",
        "reason": "PENDING for longer than PT2M", "lastEventType": "OrderStockReserved",
        "lastEventAt": "2026-12-06T09:15:02.131Z"}""")
public record StuckOrder(String orderId, String customerId, String status, Instant placedAt, Instant deadline,
        String reason, String lastEventType, Instant lastEventAt) {
}
