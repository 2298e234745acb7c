-- An order's timeline (GET /admin/orders/{id}/timeline) reads a flow's streams from the received log too: by stream,
-- not by scanning a log that is never pruned.
CREATE INDEX received_events_stream ON eventstore.received_events (stream_id, stream_version);
