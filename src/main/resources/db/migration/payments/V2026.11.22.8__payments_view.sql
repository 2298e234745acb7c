-- What GET /payments/{orderId} shows, written with each payment event.
CREATE TABLE payments.payment_view (
    order_id   text        PRIMARY KEY,
    status     text        NOT NULL,
    amount     bigint      NOT NULL,
    currency   text        NOT NULL,
    charge_id  text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
