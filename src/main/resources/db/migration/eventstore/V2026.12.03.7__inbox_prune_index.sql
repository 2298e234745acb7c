-- The inbox pruner looks for records older than the retention: without an index it read the whole inbox every
-- minute. A BRIN index fits (records arrive in processed_at order) and costs next to nothing per insert, which is on
-- every delivery's path.
CREATE INDEX processed_events_processed_at ON eventstore.processed_events USING brin (processed_at);
