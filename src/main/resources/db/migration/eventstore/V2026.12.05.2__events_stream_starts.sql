-- A rebuild walks the streams of one type by id: each stream's first event, one small index entry per stream.
-- Building it holds appends back while it reads the events table; on a large store, build it beforehand without
-- that (CREATE INDEX CONCURRENTLY, same definition) and this migration finds it there.
CREATE INDEX IF NOT EXISTS events_stream_starts ON eventstore.events (stream_type, stream_id) WHERE stream_version = 1;
