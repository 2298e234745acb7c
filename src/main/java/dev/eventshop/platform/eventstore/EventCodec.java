package dev.eventshop.platform.eventstore;

import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Turns event contracts into stored JSON and back, under their explicit {@link EventType} names. */
@ApplicationScoped
public class EventCodec {

    /** {@code <module>.<EventName>.v<version>}, e.g. {@code orders.OrderPlaced.v1}. */
    public static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9]*\\.[A-Z][A-Za-z0-9]*\\.v[1-9][0-9]*");

    /**
     * Orders names of one event by version: the digits after {@code .v}, compared as numbers of any length (a name
     * from another process may carry more digits than a long holds).
     */
    public static final Comparator<String> BY_VERSION = (one, other) -> {
        String a = one.substring(one.lastIndexOf(".v") + 2);
        String b = other.substring(other.lastIndexOf(".v") + 2);
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    };

    private final ObjectMapper mapper;
    private final Map<Class<?>, String> names = new ConcurrentHashMap<>();

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The stored type name of an event class. */
    public String typeOf(Class<?> eventClass) {
        return names.computeIfAbsent(eventClass, EventCodec::typeNameOf);
    }

    public String encode(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** Decodes the payload into {@code contract}, refusing an event of another stored type. */
    public <T> T decode(RecordedEvent event, Class<T> contract) {
        String expected = typeOf(contract);
        if (!expected.equals(event.type())) {
            throw new IllegalArgumentException("Event " + event.eventId() + " is " + event.type() + ", not " + expected);
        }
        return read(event.payload(), contract);
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot read " + type.getSimpleName() + " from stored JSON", e);
        }
    }

    /**
     * The event a type name is a version of: {@code orders.OrderPlaced} for {@code orders.OrderPlaced.v2}; a name
     * without a version (a channel's {@code event-types} may say anything) is its own.
     */
    public static String eventOf(String typeName) {
        int at = typeName.lastIndexOf(".v");
        return at < 0 ? typeName : typeName.substring(0, at);
    }

    /** The stored type name an event class declares with {@link EventType}; refuses a class without a valid one. */
    public static String typeNameOf(Class<?> eventClass) {
        EventType annotation = eventClass.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not annotated with @EventType");
        }
        if (!TYPE_NAME.matcher(annotation.value()).matches()) {
            throw new IllegalArgumentException("Event type name '" + annotation.value() + "' of " + eventClass.getName()
                    + " does not match <module>.<EventName>.v<version>");
        }
        return annotation.value();
    }
}
