package dev.eventshop.platform.operations;

import dev.eventshop.platform.eventstore.EventStore;
import io.smallrye.mutiny.Uni;

/**
 * A read model kept from the events of one stream type, which an operator can rebuild from those events (after a fix
 * to its projection, or when rows were lost or damaged). Contributed by the module that owns it; it is rebuilt only in
 * a process that runs that module, while the module keeps writing it.
 */
public interface ReadModel {

    /** The name operators use: the table it fills, e.g. {@code orders.order_view}. */
    String name();

    /** The module that owns it. */
    String module();

    /** The type of the streams it is kept from: each stream's events make what it keeps for that stream. */
    String streamType();

    /**
     * Rewrites, in {@code tx}, what the read model keeps for one stream, from the stream's events read in {@code tx}.
     * Live writes go on meanwhile, so it first locks the rows a live write of the stream updates in its own
     * transaction, then reads the stream, then updates those rows in place: a write that committed before the lock
     * is in the events read, and one that waits on the lock applies on top of the rebuilt rows.
     * <p>
     * A row that did not exist cannot be locked: a live write that ran before it was inserted found nothing to
     * update, and its events were not yet committed to be read. So it answers whether it inserted rows; then, once
     * every transaction that wrote before its commit has ended, the stream is rebuilt once more with {@code again}:
     * the rows are this rebuild's own, to be written whole.
     *
     * @return whether it inserted rows that were missing
     */
    Uni<Boolean> rebuild(EventStore.Tx tx, String streamId, boolean again);
}
