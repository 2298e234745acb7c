-- Subscriptions read the streams of a few types: let them skip every other event instead of scanning past it.
CREATE INDEX events_type_transaction_position ON eventstore.events (stream_type, transaction_id, global_position);
