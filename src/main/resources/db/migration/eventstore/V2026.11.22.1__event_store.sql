-- The event store: the only channel between modules. Owned by dev.eventshop.platform.eventstore.

CREATE TABLE eventstore.events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Catch-up readers page on (transaction_id, global_position) below the oldest running transaction,
    -- which is what makes reads gap-free: see modules.md, "Why catch-up never skips".
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    event_id        uuid        NOT NULL,
    stream_id       text        NOT NULL,
    stream_type     text        NOT NULL,
    stream_version  bigint      NOT NULL CHECK (stream_version > 0),
    event_type      text        NOT NULL,
    payload         jsonb       NOT NULL,
    -- metadata: which flow (correlation), what caused it (causation: an event id or a command id), the W3C
    -- traceparent of the span that appended it, the producing module, when it happened
    correlation_id  text,
    causation_id    text,
    traceparent     text,
    module          text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_event_id_unique UNIQUE (event_id),
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
);

CREATE INDEX events_transaction_position ON eventstore.events (transaction_id, global_position);

-- One row per subscription: its durable checkpoint and which instance currently works it.
CREATE TABLE eventstore.subscriptions (
    name                text        PRIMARY KEY,
    last_transaction_id xid8        NOT NULL DEFAULT '0',
    last_position       bigint      NOT NULL DEFAULT 0,
    owner               text,
    lease_expires_at    timestamptz,
    paused              boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- Events a subscription gave up on after its retries, kept with the reason until an operator replays or skips them.
CREATE TABLE eventstore.parked_events (
    subscription    text        NOT NULL REFERENCES eventstore.subscriptions (name) ON DELETE CASCADE,
    event_id        uuid        NOT NULL,
    global_position bigint      NOT NULL,
    attempts        int         NOT NULL,
    last_error      text        NOT NULL,
    status          text        NOT NULL DEFAULT 'PARKED' CHECK (status IN ('PARKED', 'REPLAY_REQUESTED', 'SKIPPED')),
    parked_at       timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription, event_id)
);

CREATE INDEX parked_events_status ON eventstore.parked_events (subscription, status);

-- The inbox: a subscriber records each event it applied in the same transaction as the effects,
-- so a redelivered event is recognised and changes nothing.
CREATE TABLE eventstore.processed_events (
    subscription text        NOT NULL,
    event_id     uuid        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscription, event_id)
);
