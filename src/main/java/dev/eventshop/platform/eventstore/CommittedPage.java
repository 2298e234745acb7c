package dev.eventshop.platform.eventstore;

import java.util.List;

/**
 * A page of committed events after a cursor, as one snapshot saw them, with that snapshot's horizon: every
 * transaction with an id below it had ended, so no event below it can still appear.
 *
 * @param events committed events in cursor order
 * @param horizon the oldest transaction id still running when the page was read (meaningless when empty)
 * @param full whether the page was cut at its limit, so more committed events may follow its last one
 */
public record CommittedPage(List<RecordedEvent> events, long horizon, boolean full) {

    /**
     * The last event of the page up to which nothing can be missing any more: every event before it, and it, is on
     * this page or was before the cursor. Events of transactions at or above the horizon are not settled: an older
     * transaction may still commit events that sort between them. Null when no event on the page is settled.
     */
    public Cursor settledUpTo() {
        Cursor settled = null;
        for (RecordedEvent event : events) {
            if (event.transactionId() >= horizon) {
                break; // sorted by transaction: the rest are not below the horizon either
            }
            settled = event.cursor();
        }
        return settled;
    }
}
