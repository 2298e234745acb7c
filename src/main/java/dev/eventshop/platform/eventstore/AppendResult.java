package dev.eventshop.platform.eventstore;

/**
 * Where an append landed: the stream's new version, the global positions of its first and last event, and the
 * transaction that wrote them.
 */
public record AppendResult(String streamId, long streamVersion, long firstPosition, long lastPosition,
        long transactionId) {

    /** The catch-up cursor of the last event appended: a reader whose cursor got here has read the whole append. */
    public Cursor lastCursor() {
        return new Cursor(transactionId, lastPosition);
    }
}
