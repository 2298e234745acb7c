package dev.eventshop.platform.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a stored event of one version as the next version of the same event ({@code orders.OrderPlaced.v1} →
 * {@code orders.OrderPlaced.v2}): a bean of the module that owns the event, next to the new version's record. The
 * store keeps what was written; every read (an aggregate's load, a catch-up subscription, a rebuild, the Kafka relay)
 * sees only the newest version, with upcasters chained v1 → v2 → v3.
 */
public interface Upcaster {

    /** The stored type name read, e.g. {@code orders.OrderPlaced.v1}. */
    String from();

    /** The name it is read as: the same event one version up, e.g. {@code orders.OrderPlaced.v2}. */
    String to();

    /** The stored payload of {@link #from()} in the shape of {@link #to()}; may change and return the node given. */
    ObjectNode upcast(ObjectNode payload);
}
