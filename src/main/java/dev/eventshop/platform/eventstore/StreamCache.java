package dev.eventshop.platform.eventstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The decoded events of the streams this instance wrote or read last, so that a decision about an aggregate need
 * not read and decode its whole stream each time. Never the truth: another instance may have appended since. Trust
 * it only where a stale answer is caught — an append at the remembered version conflicts when the stream has moved
 * on — and read the stream before deciding to do nothing.
 */
public final class StreamCache {

    private final Map<String, DecodedStream> streams;

    /** @param capacity how many streams to remember; the least recently used are forgotten first */
    public StreamCache(int capacity) {
        this.streams = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, DecodedStream> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Optional<DecodedStream> get(String streamId) {
        return Optional.ofNullable(streams.get(streamId));
    }

    /** The stream as just read from the store; an older read than what is remembered changes nothing. */
    public synchronized void loaded(String streamId, DecodedStream stream) {
        DecodedStream known = streams.get(streamId);
        if (known == null || known.version() < stream.version()) {
            streams.put(streamId, stream);
        }
    }

    /**
     * {@code events} were appended at {@code expectedVersion} and committed. Remembered on top of what is known when
     * that is the version they were appended to; otherwise what is known is stale and is forgotten.
     */
    public synchronized void appended(String streamId, long expectedVersion, List<Object> events) {
        DecodedStream known = streams.get(streamId);
        if (known == null && expectedVersion == ExpectedVersion.NO_STREAM) {
            streams.put(streamId, new DecodedStream(List.copyOf(events), events.size()));
        } else if (known != null && known.version() == expectedVersion && expectedVersion >= 0) {
            List<Object> all = new ArrayList<>(known.events().size() + events.size());
            all.addAll(known.events());
            all.addAll(events);
            streams.put(streamId, new DecodedStream(List.copyOf(all), expectedVersion + events.size()));
        } else {
            streams.remove(streamId);
        }
    }

    public synchronized void forget(String streamId) {
        streams.remove(streamId);
    }
}
