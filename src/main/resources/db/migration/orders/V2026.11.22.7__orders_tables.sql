-- Prices as orders knows them, from inventory's ProductAdded events: placing an order never calls inventory.
CREATE TABLE orders.price_list (
    sku          text   PRIMARY KEY,
    name         text   NOT NULL,
    price_amount bigint NOT NULL,
    currency     text   NOT NULL
);

-- What GET /orders shows, kept in step with each order's stream in the same transaction.
CREATE TABLE orders.order_view (
    order_id            text        PRIMARY KEY,
    customer_id         text        NOT NULL,
    status              text        NOT NULL,
    items               jsonb       NOT NULL,
    total_amount        bigint      NOT NULL,
    currency            text        NOT NULL,
    cancellation_reason text,
    tracking_number     text,
    history             jsonb       NOT NULL,
    deadline            timestamptz NOT NULL,
    placed_at           timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE INDEX order_view_customer ON orders.order_view (customer_id, placed_at DESC);

-- One row per Idempotency-Key: the same key with the same body gives the same order.
CREATE TABLE orders.idempotency_keys (
    idempotency_key text        PRIMARY KEY,
    request_hash    text        NOT NULL,
    order_id        text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Durable deadlines: a pending order still here at due_at is cancelled TIMED_OUT, whatever restarted meanwhile.
CREATE TABLE orders.deadlines (
    order_id text        PRIMARY KEY,
    due_at   timestamptz NOT NULL
);
CREATE INDEX deadlines_due ON orders.deadlines (due_at);
