package dev.eventshop.platform.eventstore;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.stream.StreamSupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every {@link Upcaster} of the application, chained: a stored event of an old version is read as the newest one. The
 * chain is checked at start: each step goes one version up the same event, and no version has two.
 */
@Startup
@ApplicationScoped
public class Upcasters {

    private final Map<String, Upcaster> byFrom = new HashMap<>();
    private final ObjectMapper mapper;

    @Inject
    public Upcasters(Instance<Upcaster> upcasters, ObjectMapper mapper) {
        this(StreamSupport.stream(upcasters.spliterator(), false).toList(), mapper);
    }

    public Upcasters(Collection<Upcaster> upcasters, ObjectMapper mapper) {
        this.mapper = mapper;
        for (Upcaster upcaster : upcasters) {
            String expected = nextVersion(upcaster.from());
            if (!upcaster.to().equals(expected)) {
                throw new IllegalStateException(upcaster.getClass().getName() + " upcasts " + upcaster.from() + " to "
                        + upcaster.to() + ": an upcaster goes one version up the same event, to " + expected);
            }
            Upcaster before = byFrom.putIfAbsent(upcaster.from(), upcaster);
            if (before != null) {
                throw new IllegalStateException(upcaster.from() + " has two upcasters: "
                        + before.getClass().getName() + " and " + upcaster.getClass().getName());
            }
        }
    }

    public static Upcasters none() {
        return new Upcasters(List.of(), new ObjectMapper());
    }

    /**
     * Fails unless every declared version of an event that has a newer declared version is upcast to the newest: the
     * older record stays in its sealed list for the catalogue (modules.md, "Evolving an event"), but handlers read the
     * newest only, so a stored event of an older version that no upcaster reads would be acknowledged unhandled.
     */
    public void requireReadAsNewest(Collection<String> declaredTypes) {
        Map<String, String> newest = new HashMap<>();
        for (String type : declaredTypes) {
            newest.merge(EventCodec.eventOf(type), type, BinaryOperator.maxBy(EventCodec.BY_VERSION));
        }
        for (String type : declaredTypes) {
            String latest = newest.get(EventCodec.eventOf(type));
            if (!currentName(type).equals(latest)) {
                throw new IllegalStateException(type + " is declared beside " + latest + " but is read as "
                        + currentName(type) + ": add an Upcaster that brings " + type + " up to " + latest
                        + ", or its stored events reach handlers that read only " + latest);
            }
        }
    }

    /** The name a stored type is read as: the newest version its upcasters lead to, or the type itself. */
    public String currentName(String storedType) {
        String type = storedType;
        for (Upcaster next = byFrom.get(type); next != null; next = byFrom.get(type)) {
            type = next.to();
        }
        return type;
    }

    /** Every stored type name read as one of {@code types}: those types and the older versions upcast into them. */
    public Set<String> storedNamesOf(Collection<String> types) {
        Set<String> names = new HashSet<>(types);
        for (String from : byFrom.keySet()) {
            if (types.contains(currentName(from))) {
                names.add(from);
            }
        }
        return names;
    }

    /** The event as its newest version; the event itself when no upcaster reads its type. */
    public RecordedEvent current(RecordedEvent event) {
        Upcaster next = byFrom.get(event.type());
        if (next == null) {
            return event;
        }
        try {
            JsonNode tree = mapper.readTree(event.payload());
            if (!(tree instanceof ObjectNode payload)) {
                throw new IllegalStateException("Event " + event.eventId() + " (" + event.type()
                        + ") is not a JSON object and cannot be upcast");
            }
            String type = event.type();
            while (next != null) {
                payload = next.upcast(payload);
                type = next.to();
                next = byFrom.get(type);
            }
            return new RecordedEvent(event.eventId(), event.streamId(), event.streamType(), event.streamVersion(), type,
                    mapper.writeValueAsString(payload), event.metadata(), event.globalPosition(),
                    event.transactionId(), event.recordedAt(), event.origin());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.eventId() + " (" + event.type()
                    + ") holds JSON this build cannot read", e);
        }
    }

    private static String nextVersion(String type) {
        int at = type.lastIndexOf(".v");
        if (at < 0 || !EventCodec.TYPE_NAME.matcher(type).matches()) {
            throw new IllegalStateException("'" + type + "' is not an event type name (<module>.<EventName>.v<N>)");
        }
        return type.substring(0, at) + ".v" + (Integer.parseInt(type.substring(at + 2)) + 1);
    }
}
