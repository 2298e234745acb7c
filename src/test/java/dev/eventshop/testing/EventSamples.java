package dev.eventshop.testing;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventType;
import dev.eventshop.platform.money.Money;

/**
 * An instance of each event record of a sealed event list, with plain values in every field: for the tests that make
 * sure every event of an aggregate's list is handled wherever its events are dispatched.
 */
public final class EventSamples {

    private EventSamples() {
    }

    /** One instance of each record the sealed interface permits that is not superseded, in its permits order. */
    public static List<Object> of(Class<?> sealed) {
        if (!sealed.isSealed()) {
            throw new IllegalArgumentException(sealed + " is not sealed");
        }
        List<Class<?>> listed = Arrays.asList(sealed.getPermittedSubclasses());
        return listed.stream().filter(type -> !superseded(type, listed)).map(EventSamples::sample).toList();
    }

    /**
     * Whether a newer version of the same event is in the list too: the older record stays for the catalogue, but its
     * stored events are read through an upcaster as the newer one (checked as the application starts), so no
     * aggregate, view or handler ever gets it (modules.md, "Evolving an event").
     */
    public static boolean superseded(Class<?> type, List<Class<?>> listed) {
        String name = nameOf(type);
        if (name == null) {
            return false;
        }
        return listed.stream().map(EventSamples::nameOf).filter(other -> other != null)
                .anyMatch(other -> EventCodec.eventOf(other).equals(EventCodec.eventOf(name))
                        && EventCodec.BY_VERSION.compare(other, name) > 0);
    }

    private static String nameOf(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        return annotation == null ? null : annotation.value();
    }

    public static Object sample(Class<?> type) {
        return value(type, type);
    }

    private static Object value(Class<?> type, Type generic) {
        if (type == String.class) {
            return "sample";
        }
        if (type == int.class || type == Integer.class) {
            return 1;
        }
        if (type == long.class || type == Long.class) {
            return 1L;
        }
        if (type == boolean.class || type == Boolean.class) {
            return false;
        }
        if (type == Instant.class) {
            return Instant.EPOCH;
        }
        if (type == Money.class) {
            return new Money(100, "EUR");
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == List.class && generic instanceof ParameterizedType list
                && list.getActualTypeArguments()[0] instanceof Class<?> element) {
            return List.of(value(element, element));
        }
        if (type.isRecord()) {
            RecordComponent[] components = type.getRecordComponents();
            Object[] values = Arrays.stream(components).map(c -> value(c.getType(), c.getGenericType())).toArray();
            try {
                var constructor = type.getDeclaredConstructor(
                        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
                constructor.setAccessible(true);
                return constructor.newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build a " + type.getName(), e);
            }
        }
        throw new IllegalArgumentException("no sample value for " + generic);
    }
}
