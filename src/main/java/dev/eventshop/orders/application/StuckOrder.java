package dev.eventshop.orders.application;

import java.time.Instant;

/** A stuck order, why it counts as stuck, and the last step its history shows. */
public record StuckOrder(String orderId, String customerId, String status, Instant placedAt, Instant deadline,
        String reason, String lastEventType, Instant lastEventAt) {
}
