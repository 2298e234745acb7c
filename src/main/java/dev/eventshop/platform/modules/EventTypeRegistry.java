package dev.eventshop.platform.modules;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.EventType;

/**
 * Every event type the modules append, by stored name: its version, its Java type, the module that appends it (whose
 * streams carry it), the module whose contract it is (the name's prefix) and whether it is published (in that
 * module's {@code api} package) or internal. Built from each module's {@link PublishedStreams}, so a type is declared
 * once, where its publisher is; the event store's names ({@link EventCodec}) and the Kafka headers use the same names.
 * <p>
 * Each channel's event types are derived from it ({@link #deliveredTo}): nobody lists them by hand, so a new command
 * cannot be forgotten in a list and silently never arrive.
 */
@Singleton
public class EventTypeRegistry {

    /** One stored event type. */
    public record Entry(String name, int version, Class<?> type, String publisher, List<String> streamTypes,
            String contractOwner, boolean published) {

        /** Marked {@code @EventType(internal = true)}: a step of its module's own process, never relayed. */
        public boolean internal() {
            return type.getAnnotation(EventType.class).internal();
        }
    }

    private final Map<String, Entry> byName;

    @Inject
    public EventTypeRegistry(Instance<PublishedStreams> modules) {
        this(modules.stream().toList());
    }

    EventTypeRegistry(Collection<PublishedStreams> modules) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (PublishedStreams module : modules) {
            for (Class<?> type : module.eventTypes()) {
                String name = EventCodec.typeNameOf(type);
                String owner = name.substring(0, name.indexOf('.'));
                int version = Integer.parseInt(name.substring(name.lastIndexOf(".v") + 2));
                boolean published = type.getPackageName().endsWith("." + owner + ".api")
                        && !type.getAnnotation(EventType.class).internal();
                Entry entry = new Entry(name, version, type, module.module(), module.streamTypes(), owner, published);
                Entry before = entries.putIfAbsent(name, entry);
                if (before != null) {
                    throw new IllegalStateException("Event type " + name + " is declared twice: by " + before.publisher()
                            + " (" + before.type().getName() + ") and by " + module.module() + " (" + type.getName()
                            + ")");
                }
            }
        }
        this.byName = Map.copyOf(entries);
    }

    /** A registry of the given modules' declarations, e.g. for a build-time check. */
    public static EventTypeRegistry of(Collection<PublishedStreams> modules) {
        return new EventTypeRegistry(modules);
    }

    public Optional<Entry> entry(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Entry> entries() {
        return byName.values();
    }

    /**
     * The event types a channel of {@code consumer} that reads {@code streamTypes} delivers: the contracts addressed
     * to the consumer that those streams carry (the commands in its {@code api} package) when there are any,
     * otherwise the publishers' published events. A module's internal events never cross to another module; a
     * module reading its own streams gets all of them.
     *
     * @throws IllegalStateException when no module declares types for those streams
     */
    public Set<String> deliveredTo(String consumer, Collection<String> streamTypes) {
        List<Entry> carried = byName.values().stream()
                .filter(entry -> entry.streamTypes().stream().anyMatch(streamTypes::contains)).toList();
        if (carried.isEmpty()) {
            throw new IllegalStateException("No module declares the event types of streams " + streamTypes
                    + " (see PublishedStreams)");
        }
        Set<String> delivered = new TreeSet<>();
        carried.stream().filter(entry -> entry.publisher().equals(consumer)).map(Entry::name).forEach(delivered::add);
        List<Entry> foreign = carried.stream().filter(entry -> !entry.publisher().equals(consumer)).toList();
        List<Entry> addressed = foreign.stream()
                .filter(entry -> entry.contractOwner().equals(consumer) && entry.published()).toList();
        (addressed.isEmpty() ? foreign.stream().filter(entry -> entry.published()
                && entry.contractOwner().equals(entry.publisher())).toList() : addressed)
                .stream().map(Entry::name).forEach(delivered::add);
        return delivered;
    }
}
