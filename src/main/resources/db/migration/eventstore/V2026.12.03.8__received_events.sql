-- Which event store this database holds, so that events that come back to it through Kafka are recognised as its
-- own (a module flipped to Kafka inside one database hands over between the two paths by position, see modules.md,
-- "Kafka: flipping a module"). Also names this database's Kafka consumer group.
-- A database restored from another's dump (a module extracted with a copy of the data) must not pass for it: the
-- cluster's system identifier and the database's name are kept with the id, and a store whose copy no longer
-- matches takes a new id at start (EventStore.storeId).
CREATE TABLE eventstore.store_identity (
    id                uuid        PRIMARY KEY,
    single_row        boolean     NOT NULL DEFAULT true UNIQUE CHECK (single_row),
    system_identifier bigint,
    database_name     text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
INSERT INTO eventstore.store_identity (id) VALUES (gen_random_uuid());

-- Events of other modules received from Kafka: a second log, read by the channels whose events cross Kafka with the
-- same gap-free reader as eventstore.events (same columns, same cursor). Written in Kafka's order per partition (so
-- per stream), one transaction per polled batch; a record received twice is inserted once (event_id).
CREATE TABLE eventstore.received_events (
    global_position       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    event_id              uuid        NOT NULL,
    stream_id             text        NOT NULL,
    stream_type           text        NOT NULL,
    stream_version        bigint      NOT NULL,
    event_type            text        NOT NULL,
    payload               jsonb       NOT NULL,
    correlation_id        text,
    causation_id          text,
    traceparent           text,
    module                text        NOT NULL,
    occurred_at           timestamptz NOT NULL,
    recorded_at           timestamptz NOT NULL DEFAULT now(),
    -- where the event was appended: the publishing store and the event's cursor there
    source_store          uuid        NOT NULL,
    source_transaction_id bigint      NOT NULL,
    source_position       bigint      NOT NULL,
    topic                 text        NOT NULL,
    kafka_partition       int         NOT NULL,
    kafka_offset          bigint      NOT NULL,
    CONSTRAINT received_events_event_id_unique UNIQUE (event_id)
);

CREATE INDEX received_events_type_transaction_position
    ON eventstore.received_events (stream_type, transaction_id, global_position);
CREATE INDEX received_events_transaction_position ON eventstore.received_events (transaction_id, global_position);

-- Records of a topic that are no eventshop event (headers missing or malformed, no key) or that the received log
-- refuses (a payload PostgreSQL will not store): kept for an operator instead of holding up their partition.
CREATE TABLE eventstore.received_rejects (
    topic           text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    record_key      text,
    record_value    bytea,
    reason          text        NOT NULL,
    rejected_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
