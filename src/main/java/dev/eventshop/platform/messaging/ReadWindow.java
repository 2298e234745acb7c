package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.eventshop.platform.eventstore.CommittedPage;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.RecordedEvent;

/**
 * What a worker has read and how far its cursor may move. Events are handed out as soon as they have committed, even
 * while an older transaction is still running; the cursor only moves over events that are done and below the
 * horizon (the oldest transaction still running), so an event that commits later can never end up behind it.
 * Touched only on the worker's context.
 */
final class ReadWindow {

    private static final Duration QUICK_RETRY = Duration.ofMillis(5);
    private static final int MAX_DOUBLINGS = 8;

    private final Duration pollInterval;
    /** Every event up to here is done; the checkpoint stores it. */
    private volatile Cursor cursor = Cursor.START;
    /**
     * Events read and not yet passed by the cursor, in cursor order, each with whether it is done (acknowledged,
     * parked or not delivered here).
     */
    private final TreeMap<Cursor, Boolean> pending = new TreeMap<>();
    /** Every event up to here is known: passed by the cursor or pending. Reads go on from here. */
    private Cursor settled = Cursor.START;
    /** Reads in a row that found nothing new while read events still waited to be settled. */
    private int fruitlessReads;

    ReadWindow(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    /** Starts over at a stored checkpoint (a new lease): what was read before is redelivered from there. */
    void resetTo(Cursor checkpoint) {
        pending.clear();
        cursor = checkpoint;
        settled = checkpoint;
        fruitlessReads = 0;
    }

    Cursor cursor() {
        return cursor;
    }

    /** Where the next read starts. */
    Cursor readFrom() {
        return Cursor.later(cursor, settled);
    }

    /**
     * Takes in a page: the events not read before go to {@code deliver} (those this subscription delivers) or count
     * as done at once.
     *
     * @return what the page changed: new events, and whether it settled more of the log
     */
    PageResult take(CommittedPage page, Predicate<RecordedEvent> delivers, Consumer<RecordedEvent> deliver) {
        Cursor settledBefore = settled;
        int fresh = 0;
        for (RecordedEvent event : page.events()) {
            if (pending.containsKey(event.cursor()) || event.cursor().compareTo(cursor) <= 0) {
                continue; // read before: in a lane, or done and waiting for the horizon to pass it
            }
            fresh++;
            boolean delivered = delivers.test(event);
            pending.put(event.cursor(), !delivered);
            if (delivered) {
                deliver.accept(event);
            }
        }
        Cursor settledOnPage = page.settledUpTo();
        if (settledOnPage != null) {
            settled = Cursor.later(settled, settledOnPage);
        }
        advance();
        if (fresh > 0) {
            fruitlessReads = 0;
        }
        return new PageResult(fresh, !settled.equals(settledBefore));
    }

    record PageResult(int fresh, boolean settledMore) {
    }

    /** An event is done here (acknowledged, parked or held). */
    void done(RecordedEvent event) {
        pending.replace(event.cursor(), true);
        advance();
    }

    /**
     * After a read that did not fill a page: how long until the next read at most. Events read but above the horizon
     * are settled by a later read, soon (5, 10, 20 ... ms, up to the poll interval, while nothing new shows up);
     * otherwise the poll interval, for appends of other instances whose wake-up got lost.
     */
    Duration nextReadWithin(int fresh) {
        boolean unsettled = !pending.isEmpty() && pending.lastKey().compareTo(settled) > 0;
        if (!unsettled) {
            fruitlessReads = 0;
            return pollInterval;
        }
        return fresh > 0 ? min(QUICK_RETRY, pollInterval) : quickPause();
    }

    /** 5, 10, 20 ... ms for each read in a row that found nothing new, up to the poll interval. */
    Duration quickPause() {
        return min(QUICK_RETRY.multipliedBy(1L << Math.min(fruitlessReads++, MAX_DOUBLINGS)), pollInterval);
    }

    /** Moves the cursor over the events that are done and settled, from the oldest pending one on. */
    private void advance() {
        while (!pending.isEmpty()) {
            Map.Entry<Cursor, Boolean> oldest = pending.firstEntry();
            if (!oldest.getValue() || oldest.getKey().compareTo(settled) > 0) {
                return;
            }
            cursor = oldest.getKey();
            pending.pollFirstEntry();
        }
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
