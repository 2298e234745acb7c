-- The reconciliation job looks at the flows begun in its window (EventStore.flows): by time, through a block range
-- index that costs next to nothing on an append-only log whose recorded_at grows with its position.
CREATE INDEX events_recorded_at ON eventstore.events USING brin (recorded_at);
