package dev.eventshop.platform.eventstore;

/**
 * A position in the global log as catch-up readers see it: events are read in {@code (transactionId, position)}
 * order, and only from transactions older than every transaction still running.
 */
public record Cursor(long transactionId, long position) implements Comparable<Cursor> {

    public static final Cursor START = new Cursor(0, 0);

    /** The one of the two a reader gets to last. */
    public static Cursor later(Cursor a, Cursor b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(Cursor other) {
        int byTransaction = Long.compare(transactionId, other.transactionId);
        return byTransaction != 0 ? byTransaction : Long.compare(position, other.position);
    }
}
