-- A failing event parks its whole stream: the events of that stream read after it are kept here as HELD, behind
-- the parked one, and delivered in order once an operator replays (or skips) it. The stream id says which later
-- events wait, without a join on the log.
ALTER TABLE eventstore.parked_events ADD COLUMN stream_id text;
-- Events parked before this change did not hold their streams back (the later events were applied), so each keeps a
-- key of its own: a replay delivers just it, as before, and no stream waits behind it.
UPDATE eventstore.parked_events SET stream_id = 'parked-alone/' || event_id;
ALTER TABLE eventstore.parked_events ALTER COLUMN stream_id SET NOT NULL;
ALTER TABLE eventstore.parked_events DROP CONSTRAINT parked_events_status_check;
ALTER TABLE eventstore.parked_events ADD CONSTRAINT parked_events_status_check
    CHECK (status IN ('PARKED', 'REPLAY_REQUESTED', 'HELD', 'SKIPPED'));
CREATE INDEX parked_events_stream ON eventstore.parked_events (subscription, stream_id, global_position);
