-- The payment provider sandbox stands in for an external provider, so it keeps its state in a schema of its own
-- (no module reads it; payments reaches it only over HTTP). Kept in the database so that a restart or a live reload
-- forgets no charge, as a real provider would not.
CREATE SCHEMA IF NOT EXISTS payment_sandbox;

CREATE TABLE payment_sandbox.charges (
    id              text        PRIMARY KEY,
    idempotency_key text        NOT NULL UNIQUE,
    reference       text,
    amount          bigint      NOT NULL,
    currency        text        NOT NULL,
    status          text        NOT NULL,
    refunded        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX charges_reference ON payment_sandbox.charges (reference);

-- One refund per charge at most (a second refund of a refunded charge is refused).
CREATE TABLE payment_sandbox.refunds (
    id              text        PRIMARY KEY,
    idempotency_key text        NOT NULL UNIQUE,
    charge_id       text        NOT NULL UNIQUE REFERENCES payment_sandbox.charges (id),
    amount          bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
