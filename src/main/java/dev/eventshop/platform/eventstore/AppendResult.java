package dev.eventshop.platform.eventstore;

/** Where an append landed: the stream's new version and the global positions of its first and last event. */
public record AppendResult(String streamId, long streamVersion, long firstPosition, long lastPosition) {
}
