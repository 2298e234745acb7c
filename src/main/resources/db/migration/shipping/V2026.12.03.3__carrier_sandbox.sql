-- The carrier sandbox stands in for an external carrier, so it keeps its bookings in a schema of its own (no module
-- reads it; shipping reaches it only over HTTP), and a restart or a live reload forgets none of them.
CREATE SCHEMA IF NOT EXISTS carrier_sandbox;

CREATE TABLE carrier_sandbox.bookings (
    idempotency_key text        PRIMARY KEY,
    tracking_number text        NOT NULL UNIQUE,
    carrier         text        NOT NULL,
    reference       text,
    status          text        NOT NULL DEFAULT 'BOOKED' CHECK (status IN ('BOOKED', 'DISPATCHED', 'CANCELLED')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
