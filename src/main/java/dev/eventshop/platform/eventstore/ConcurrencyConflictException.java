package dev.eventshop.platform.eventstore;

/**
 * Another writer appended to the stream first. Retryable: reload the stream, re-run the command, append again.
 */
public class ConcurrencyConflictException extends RuntimeException {

    private final String streamId;
    private final long expectedVersion;
    private final Long actualVersion;

    public ConcurrencyConflictException(String streamId, long expectedVersion, Long actualVersion) {
        super("Stream " + streamId + " is not at the expected version " + expectedVersion
                + (actualVersion != null ? " (it is at " + actualVersion + ")" : " (another writer appended first)"));
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version the stream was seen at, when known. */
    public Long actualVersion() {
        return actualVersion;
    }
}
