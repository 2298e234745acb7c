package dev.eventshop.platform.eventstore;

/**
 * The logs a subscription can read, each with the same columns and the same gap-free cursor: the events appended in
 * this database, and the events of other modules received from Kafka.
 */
public enum EventLog {

    /** Events appended to this event store. */
    EVENTS("eventstore.events"),
    /** Events received from Kafka, each once (by event id), in Kafka's order per stream. */
    RECEIVED("eventstore.received_events");

    private final String table;

    EventLog(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }
}
