-- An operator's skip is a decision someone must be able to read back: why, next to when.
ALTER TABLE eventstore.parked_events ADD COLUMN skip_reason text;
