package dev.eventshop.platform.eventstore;

/**
 * An event of another module as it arrived from Kafka, to be kept in the received log: the envelope as its
 * publisher stored it (its {@link RecordedEvent#origin()} says where) and where in Kafka it was read.
 */
public record ReceivedEvent(RecordedEvent event, String topic, int partition, long offset) {

    public ReceivedEvent {
        if (event.origin() == null) {
            throw new IllegalArgumentException("a received event names the store it was appended to");
        }
    }
}
