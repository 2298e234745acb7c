-- The latest rebuild of each read model, with its progress: the streams up to last_stream (in id order) are rebuilt.
-- The instance running it beats heartbeat_at after each page; a RUNNING rebuild whose heartbeat stopped was cut
-- short (its instance stopped) and may be started again.
CREATE TABLE eventstore.read_model_rebuilds (
    read_model    text        PRIMARY KEY,
    rebuild_id    uuid        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    requested_by  text        NOT NULL,
    owner         text        NOT NULL,
    since         timestamptz,
    streams_total bigint      NOT NULL DEFAULT 0,
    streams_done  bigint      NOT NULL DEFAULT 0,
    last_stream   text        NOT NULL DEFAULT '',
    last_error    text,
    started_at    timestamptz NOT NULL DEFAULT now(),
    heartbeat_at  timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz
);

-- The streams a rebuild limited to those written since an instant goes through, listed once when it starts (one
-- pass over the events of that window) and walked by id; emptied when it ends.
CREATE TABLE eventstore.read_model_rebuild_streams (
    rebuild_id uuid NOT NULL,
    stream_id  text NOT NULL,
    PRIMARY KEY (rebuild_id, stream_id)
);
