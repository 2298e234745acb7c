package dev.eventshop.testing;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.eventshop.platform.money.Money;

/**
 * An instance of each event record of a sealed event list, with plain values in every field: for the tests that make
 * sure every event of an aggregate's list is handled wherever its events are dispatched.
 */
public final class EventSamples {

    private EventSamples() {
    }

    /** One instance of each record the sealed interface permits, in its permits order. */
    public static List<Object> of(Class<?> sealed) {
        if (!sealed.isSealed()) {
            throw new IllegalArgumentException(sealed + " is not sealed");
        }
        return Arrays.stream(sealed.getPermittedSubclasses()).map(EventSamples::sample).toList();
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
