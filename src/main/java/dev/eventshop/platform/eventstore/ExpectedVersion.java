package dev.eventshop.platform.eventstore;

/** Values for the {@code expectedVersion} of an append, besides an exact stream version. */
public final class ExpectedVersion {

    /** Append whatever the stream's version; concurrent appends may still conflict on the same version number. */
    public static final long ANY = -1;
    /** The stream must not exist yet. */
    public static final long NO_STREAM = 0;

    private ExpectedVersion() {
    }
}
