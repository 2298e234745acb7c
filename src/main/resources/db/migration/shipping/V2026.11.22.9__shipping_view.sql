-- What GET /shipments/{orderId} shows, written with each shipment event.
CREATE TABLE shipping.shipment_view (
    order_id        text        PRIMARY KEY,
    status          text        NOT NULL,
    carrier         text,
    tracking_number text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
