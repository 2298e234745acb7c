package dev.eventshop.platform.modules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.Config;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.Upcasters;

/**
 * Which path each module channel takes: a channel carries one publishing module's events (its {@code stream-types})
 * to one consuming module (its {@code module} attribute). It crosses Kafka when either end's
 * {@code eventshop.modules.<module>.channel} is {@code kafka}; otherwise it reads the event store in process. Every
 * process of a deployment has the same settings, so each works out the same routes on its own: a publisher relays
 * to its topic whatever any consumer receives from it.
 */
@ApplicationScoped
public class ChannelRoutes {

    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String CONNECTOR = ".connector";
    /** The connector name of the event store's channels (EventStoreConnector.NAME; platform.modules sits below it). */
    private static final String EVENTSTORE = "eventstore";

    /**
     * One channel's route.
     *
     * @param channel the channel (and its events-log subscription) name
     * @param consumer the module whose method the channel feeds
     * @param publisher the module whose events it carries
     * @param eventTypes the event types it delivers: its {@code event-types} if set, otherwise derived
     *            ({@link EventTypeRegistry#deliveredTo})
     * @param kafka whether its events cross Kafka
     */
    public record Route(String channel, String consumer, String publisher, List<String> streamTypes,
            Set<String> eventTypes, boolean kafka) {
    }

    private final ModulesConfig modules;
    private final EventTypeRegistry registry;
    private final Upcasters upcasters;
    private final Map<String, Route> routes = new TreeMap<>();

    @Inject
    public ChannelRoutes(Config config, ModulesConfig modules, Instance<PublishedStreams> published,
            EventTypeRegistry registry, Upcasters upcasters) {
        this(config, modules, (Iterable<PublishedStreams>) published, registry, upcasters);
    }

    ChannelRoutes(Config config, ModulesConfig modules, Iterable<PublishedStreams> published,
            EventTypeRegistry registry, Upcasters upcasters) {
        this.modules = modules;
        this.registry = registry;
        this.upcasters = upcasters;
        upcasters.requireReadAsNewest(registry.entries().stream().map(EventTypeRegistry.Entry::name).toList());
        Map<String, String> publisherOf = new HashMap<>();
        for (PublishedStreams streams : published) {
            streams.streamTypes().forEach(type -> publisherOf.put(type, streams.module()));
        }
        for (String name : config.getPropertyNames()) {
            if (!name.startsWith(PREFIX) || !name.endsWith(CONNECTOR)) {
                continue;
            }
            String channel = name.substring(PREFIX.length(), name.length() - CONNECTOR.length());
            if (!EVENTSTORE.equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            Optional<String> consumer = config.getOptionalValue(PREFIX + channel + ".module", String.class);
            List<String> streamTypes = config.getOptionalValue(PREFIX + channel + ".stream-types", String.class)
                    .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                    .orElse(List.of());
            Set<String> publishers = new LinkedHashSet<>();
            streamTypes.forEach(type -> publishers.add(publisherOf.get(type)));
            if (consumer.isEmpty() || publishers.size() != 1 || publishers.contains(null)) {
                continue; // not a channel between modules (a platform test channel, say): always in process
            }
            String publisher = publishers.iterator().next();
            if (!ModulesConfig.ALL.contains(consumer.get())) {
                throw new IllegalStateException("Channel " + channel + " feeds an unknown module " + consumer.get());
            }
            boolean kafka = onKafka(publisher) || onKafka(consumer.get());
            if (!kafka && modules.runs(publisher) != modules.runs(consumer.get())) {
                throw new IllegalStateException("Channel " + channel + " carries " + publisher + "'s events to "
                        + consumer.get() + ", and only one of them runs in this process (eventshop.modules.enabled): "
                        + "set eventshop.modules." + (modules.runs(publisher) ? consumer.get() : publisher)
                        + ".channel=kafka, in every process");
            }
            Set<String> eventTypes = config.getOptionalValue(PREFIX + channel + ".event-types", String.class)
                    // an older version named here is delivered as what it is read as, its newest
                    .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                            .map(upcasters::currentName).collect(Collectors.toCollection(TreeSet::new)))
                    .map(Set::<String>copyOf)
                    .orElseGet(() -> registry.deliveredTo(consumer.get(), streamTypes));
            for (String type : eventTypes) {
                // the relay leaves them out (notRelayed): named here later, those already passed would never arrive
                registry.entry(type).filter(entry -> entry.internal() && !entry.publisher().equals(consumer.get()))
                        .ifPresent(entry -> {
                            throw new IllegalStateException("Channel " + channel + " names " + type + " in its "
                                    + "event-types, an internal event of " + entry.publisher() + ": internal events "
                                    + "never reach another module (modules.md, \"Event types\")");
                        });
            }
            routes.put(channel, new Route(channel, consumer.get(), publisher, streamTypes, eventTypes, kafka));
        }
    }

    private boolean onKafka(String module) {
        return modules.of(module).channel() == ModulesConfig.Channel.KAFKA;
    }

    /** The route of a channel between modules; empty for any other channel. */
    public Optional<Route> of(String channel) {
        return Optional.ofNullable(routes.get(channel));
    }

    public List<Route> all() {
        return new ArrayList<>(routes.values());
    }

    /**
     * The modules whose events this deployment relays to Kafka: each module flipped to {@code kafka} (for whoever
     * reads its topic) and each module a channel on Kafka receives from.
     */
    public Set<String> relayed() {
        Set<String> relayed = new LinkedHashSet<>();
        for (String module : ModulesConfig.ALL) {
            if (onKafka(module)) {
                relayed.add(module);
            }
        }
        routes.values().stream().filter(Route::kafka).forEach(route -> relayed.add(route.publisher()));
        relayed.retainAll(modules.enabled()); // a module's events are appended (and relayed) where it runs
        return relayed;
    }

    /**
     * The event types of {@code publisher} that its relay leaves out: its internal events, which no channel of
     * another module delivers ({@link EventTypeRegistry#deliveredTo}; naming one in a channel's {@code event-types}
     * stops the start), unless a channel of the publisher's own on Kafka delivers them. They are part of no contract
     * between modules, and each one sent would cost a record on the broker, a row in every consumer's received log
     * and, when it precedes a command in its stream, a broker round trip before the command is sent. Types this build
     * does not know are relayed; an internal version never becomes a published one (EventContractsTest), and what it
     * publishes instead is an event of its own, never a newer version of it (read through an upcaster, the events
     * of the old one that were left out would be waited for at the hand-over).
     */
    public Set<String> notRelayed(String publisher) {
        Set<String> delivered = new TreeSet<>();
        for (Route route : routes.values()) {
            if (route.kafka() && route.publisher().equals(publisher)) {
                if (route.eventTypes().isEmpty()) {
                    return Set.of(); // a channel that delivers every type
                }
                route.eventTypes().forEach(type -> delivered.add(EventCodec.eventOf(type)));
            }
        }
        return registry.entries().stream()
                // the flag, as in the event catalogue, whose rule keeps an internal version internal
                .filter(entry -> entry.publisher().equals(publisher) && entry.internal())
                .map(EventTypeRegistry.Entry::name)
                // what the relay sees: events are read through the upcasters, so an older version never shows
                .filter(name -> upcasters.currentName(name).equals(name))
                .filter(name -> !delivered.contains(EventCodec.eventOf(name)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * {@link #notRelayed} with the older stored names that are read as one of them (through an upcaster): what the
     * event store holds of the events the relay leaves out.
     */
    public Set<String> notRelayedAsStored(String publisher) {
        return new TreeSet<>(upcasters.storedNamesOf(notRelayed(publisher)));
    }

    /** The channels on Kafka that feed a module this process runs. */
    public List<Route> received() {
        return routes.values().stream().filter(route -> route.kafka() && modules.runs(route.consumer())).toList();
    }

    /** The topics this process receives: of each publisher that a channel on Kafka into this process reads. */
    public Set<String> receivedTopics() {
        Set<String> topics = new TreeSet<>();
        received().forEach(route -> topics.add(topicOf(route.publisher())));
        return topics;
    }

    /** The topics this process relays to or receives from. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>(receivedTopics());
        relayed().forEach(module -> topics.add(topicOf(module)));
        return topics;
    }

    /** The topic a module's events are relayed to: {@code eventshop.<module>.events} unless configured. */
    public String topicOf(String module) {
        return modules.of(module).topic().orElse("eventshop." + module + ".events");
    }
}
