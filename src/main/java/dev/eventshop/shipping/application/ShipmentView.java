package dev.eventshop.shipping.application;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A shipment as its shopper and operators see it. */
@Schema(example = """
        {"orderId": "6f1c2a9e-3b7d-4e21-9a4f-0c8d5e7b1a23", "status": "DISPATCHED", "carrier": "sandbox-carrier",
        "trackingNumber": "TRK-5Q2M8ZB4", "customerId": "c-ada"}""")
public record ShipmentView(String orderId, String status, String carrier, String trackingNumber, String customerId) {
}
