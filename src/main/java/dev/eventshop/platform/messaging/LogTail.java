package dev.eventshop.platform.messaging;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.eventshop.platform.eventstore.CommittedPage;
import dev.eventshop.platform.eventstore.Cursor;
import dev.eventshop.platform.eventstore.EventLog;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * One reader of the log's recent committed events for every subscription of this instance. Live subscriptions all
 * want the same thing — what committed since they last looked — and under load each append wakes each of them, so
 * reading separately cost the database one query per subscription per wake-up. Here their requests are merged: one
 * query answers every request that was waiting when it started, and each subscription takes its own stream types
 * from the answer.
 * <p>
 * An answer is exactly what a read of the subscription's own would have given at the snapshot of that shared query
 * ({@link EventStore#readCommitted}: every committed event after the cursor, and the horizon), for two reasons. The
 * window it is cut from holds every committed event after its base: the part the reader has settled (below an
 * observed horizon, so final) is kept as read, and the rest is replaced by each read. And a request that may end in
 * "nothing more" waits for a query that started after the request, so a subscription woken by an append never gets
 * an answer from before that append. A request further back than the window (a subscription catching up, or one
 * just started) reads from the store itself.
 */
@ApplicationScoped
public class LogTail {

    /** Events per shared read: enough for every subscription's share of a busy moment. */
    static final int READ_LIMIT = 2000;
    /** Settled events kept for subscriptions a little behind the others, beyond which they read for themselves. */
    static final int RETAINED = 10_000;
    /**
     * At least this long between the starts of two shared reads. Under load the reader would otherwise query
     * back-to-back, re-reading the events above the horizon each time, to answer a handful of requests per query; a
     * millisecond or two of waiting lets each query answer many more, for as much delay per hop.
     */
    static final long READ_GAP_MILLIS = 2;

    private final EventStore store;
    private final Vertx vertx;
    private volatile long lastReadStarted = System.nanoTime() - READ_GAP_MILLIS * 1_000_000;

    /** Every committed event after {@link #base} as the last read saw it (up to {@link #upTo} when cut). */
    private final TreeMap<Cursor, RecordedEvent> window = new TreeMap<>();
    /** Null until the first request. */
    private Cursor base;
    /** Events up to here are settled (final); reads go on from here. */
    private Cursor readFrom;
    /** The last read's horizon; {@code Long.MAX_VALUE} when it found nothing after {@link #readFrom}. */
    private long horizon;
    /** Set when the last read was cut at its limit: the window is complete only up to this event. */
    private Cursor upTo;
    private boolean hasRead;
    private boolean reading;
    private List<Request> waiting = new ArrayList<>();
    private final AtomicLong sharedReads = new AtomicLong();
    private final AtomicLong ownReads = new AtomicLong();

    private record Request(Cursor after, Collection<String> streamTypes, int limit,
            UniEmitter<? super CommittedPage> answer) {
    }

    private final EventLog log;

    @Inject
    public LogTail(EventStore store, Vertx vertx) {
        this(store, vertx, EventLog.EVENTS);
    }

    /** A reader of {@code log}; the bean reads the events appended here. */
    LogTail(EventStore store, Vertx vertx, EventLog log) {
        this.store = store;
        this.vertx = vertx;
        this.log = log;
    }

    EventLog log() {
        return log;
    }

    /** As {@link EventStore#readCommitted}, answered from the shared reads when the cursor is within reach. */
    public Uni<CommittedPage> readCommitted(Cursor after, Collection<String> streamTypes, int limit) {
        return Uni.createFrom().emitter(answer -> {
            CommittedPage now = null;
            boolean direct = false;
            boolean startRead = false;
            synchronized (this) {
                if (base == null) {
                    base = after;
                    readFrom = after;
                }
                boolean behind = after.compareTo(base) < 0;
                now = fromWindow(after, streamTypes, limit, false);
                if (now == null) {
                    if (behind || upTo != null) {
                        // behind the window, or past (or short of a page before) the end of a window cut at its limit
                        direct = true;
                    } else {
                        waiting.add(new Request(after, streamTypes, limit, answer));
                    }
                }
                // answers from the window, and requests past the end of a cut one, keep the window moving: a
                // subscription waiting for a newer horizon, or reading for itself meanwhile, then finds it again
                if (!reading && !behind) {
                    reading = true;
                    startRead = true;
                }
            }
            if (direct) {
                readOwn(new Request(after, streamTypes, limit, answer));
            } else if (now != null) {
                answer.complete(now);
            }
            if (startRead) {
                readSoon();
            }
        });
    }

    /** Queries that answered all requests waiting at the time. */
    long sharedReads() {
        return sharedReads.get();
    }

    /** Requests out of the window's reach, answered by a query of their own. */
    long ownReads() {
        return ownReads.get();
    }

    /** In the window, and not past the end of a window cut at its limit. */
    private boolean withinReach(Cursor after) {
        return after.compareTo(base) >= 0 && (upTo == null || after.compareTo(upTo) < 0);
    }

    /** Reads now, or once {@link #READ_GAP_MILLIS} have passed since the last read started. */
    private void readSoon() {
        long wait = lastReadStarted + READ_GAP_MILLIS * 1_000_000 - System.nanoTime();
        if (wait <= 0) {
            read();
        } else {
            vertx.setTimer(Math.max(1, wait / 1_000_000), id -> read());
        }
    }

    private void read() {
        List<Request> batch;
        Cursor from;
        synchronized (this) {
            lastReadStarted = System.nanoTime();
            batch = waiting;
            waiting = new ArrayList<>();
            from = readFrom;
        }
        sharedReads.incrementAndGet();
        store.readCommitted(log, from, List.of(), READ_LIMIT).subscribe().with(page -> {
            List<Runnable> replies = new ArrayList<>(batch.size());
            try {
                synchronized (this) {
                    take(from, page);
                    for (Request request : batch) {
                        replies.add(reply(request));
                    }
                }
            } catch (RuntimeException failure) {
                failAll(batch, failure);
                return;
            }
            replies.forEach(Runnable::run);
            readAgainIfWaiting();
        }, failure -> failAll(batch, failure));
    }

    private void failAll(List<Request> batch, Throwable failure) {
        batch.forEach(request -> request.answer().fail(failure));
        readAgainIfWaiting();
    }

    /** What lies after the point read from is replaced: the new page holds all of it that has committed. */
    private void take(Cursor from, CommittedPage page) {
        window.tailMap(from, false).clear();
        for (RecordedEvent event : page.events()) {
            window.put(event.cursor(), event);
        }
        horizon = page.events().isEmpty() ? Long.MAX_VALUE : page.horizon();
        upTo = page.full() ? page.events().get(page.events().size() - 1).cursor() : null;
        hasRead = true;
        Cursor settled = page.settledUpTo();
        if (settled != null) {
            readFrom = Cursor.later(readFrom, settled);
        }
        while (window.size() > RETAINED && window.firstKey().compareTo(readFrom) <= 0) {
            base = window.pollFirstEntry().getKey();
        }
    }

    private Runnable reply(Request request) {
        CommittedPage page = fromWindow(request.after(), request.streamTypes(), request.limit(), true);
        return page != null ? () -> request.answer().complete(page) : () -> readOwn(request);
    }

    /**
     * The answer the window can give: a full page at any time (it promises nothing about what follows it, so it need
     * not be fresh), any page right after a read that was not cut; null when the request must wait for a read or
     * read for itself.
     */
    private CommittedPage fromWindow(Cursor after, Collection<String> streamTypes, int limit, boolean fresh) {
        if (!hasRead || !withinReach(after)) {
            return null;
        }
        CommittedPage page = answer(after, streamTypes, limit);
        return page.full() || (fresh && upTo == null) ? page : null;
    }

    private void readOwn(Request request) {
        ownReads.incrementAndGet();
        store.readCommitted(log, request.after(), request.streamTypes(), request.limit())
                .subscribe().with(request.answer()::complete, request.answer()::fail);
    }

    private void readAgainIfWaiting() {
        synchronized (this) {
            if (waiting.isEmpty()) {
                reading = false;
                return;
            }
        }
        readSoon();
    }

    /** The window's events after {@code after} of the wanted stream types, cut at {@code limit}. */
    private CommittedPage answer(Cursor after, Collection<String> streamTypes, int limit) {
        List<RecordedEvent> events = new ArrayList<>();
        for (Map.Entry<Cursor, RecordedEvent> entry : window.tailMap(after, false).entrySet()) {
            RecordedEvent event = entry.getValue();
            if (streamTypes.isEmpty() || streamTypes.contains(event.streamType())) {
                events.add(event);
                if (events.size() == limit) {
                    break;
                }
            }
        }
        return new CommittedPage(events, horizon, events.size() == limit);
    }
}
