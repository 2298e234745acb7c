package dev.eventshop.platform.messaging;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import dev.eventshop.platform.eventstore.EventLog;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.modules.ChannelRoutes;
import dev.eventshop.platform.modules.ConsumerContracts;
import dev.eventshop.platform.modules.ModulesConfig;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The in-process channel between modules: a SmallRye Reactive Messaging connector over catch-up subscriptions of
 * the event store. A module consumes with a plain {@code @Incoming} method taking a {@link RecordedEvent}; which
 * connector feeds the channel is configuration, so the same method can later read the same envelope from Kafka.
 * <p>
 * An event is emitted only after the previous one of its lane was acknowledged or nacked: ack advances the
 * checkpoint, nack triggers a retry with backoff and, after the last attempt, parks the event. Channel attributes:
 * <ul>
 * <li>{@code subscription} — durable subscription name (default: the channel name)</li>
 * <li>{@code stream-types} — comma-separated stream types to receive (default: all)</li>
 * <li>{@code event-types} — the event types to deliver. Derived by default from what the publishers declare
 * ({@code EventTypeRegistry.deliveredTo}, for a channel between modules): the commands addressed to the channel's {@code module} that its streams
 * carry, otherwise the publishers' published events. Other events of those streams are passed over without a
 * delivery, which saves a command channel of a busy stream most of its work. Set it only to narrow a channel
 * further; a type left out never reaches the method.</li>
 * <li>{@code concurrency} — SmallRye's attribute for handling a channel's messages several at once. Here it is the
 * number of lanes of the one subscription: events are split by stream id, each lane is a copy of the channel with
 * its own event loop and is delivered in order, so a stream's events still arrive one after the other. The same
 * attribute on a Kafka channel splits the topic's partitions (keyed by stream id) the same way.</li>
 * <li>{@code batch-size}, {@code max-attempts}, {@code initial-backoff}, {@code max-backoff},
 * {@code handler-timeout} — override
 * {@code eventshop.subscriptions.*}</li>
 * </ul>
 */
@ApplicationScoped
@Connector(EventStoreConnector.NAME)
public class EventStoreConnector implements InboundConnector {

    public static final String NAME = "eventstore";
    /** The received-log subscription of a channel on Kafka is named {@code <channel>@kafka}. */
    public static final String KAFKA_PATH = "@kafka";
    /** SmallRye names the copies of a channel with {@code concurrency} {@code <channel>$1}, {@code <channel>$2}, ... */
    private static final char COPY_SEPARATOR = '$';

    private final Subscriptions subscriptions;
    private final ConsumerContracts contracts;
    private final ChannelRoutes routes;
    private final ModulesConfig modules;
    private final Pool pool;
    private final Vertx vertx;
    private final Tracer tracer;
    private final Map<String, Lanes> lanesBySubscription = new ConcurrentHashMap<>();

    public EventStoreConnector(Subscriptions subscriptions, ChannelRoutes routes, ModulesConfig modules,
            ConsumerContracts contracts, Pool pool, Vertx vertx, Tracer tracer) {
        this.subscriptions = subscriptions;
        this.contracts = contracts;
        this.routes = routes;
        this.modules = modules;
        this.pool = pool;
        this.vertx = vertx;
        this.tracer = tracer;
    }

    @Override
    public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
        String channel = config.getValue("channel-name", String.class);
        int copy = 1;
        int separator = channel.indexOf(COPY_SEPARATOR);
        if (separator > 0) {
            copy = Integer.parseInt(channel.substring(separator + 1));
            channel = channel.substring(0, separator);
        }
        Optional<ChannelRoutes.Route> route = routes.of(channel);
        Optional<String> consumer = config.getOptionalValue("module", String.class);
        if (consumer.isPresent() && !modules.runs(consumer.get())) {
            // the consuming module runs in another process, which works this channel
            return Multi.createFrom().nothing();
        }
        String name = config.getOptionalValue("subscription", String.class).orElse(channel);
        int concurrency = config.getOptionalValue("concurrency", Integer.class).orElse(1);
        List<String> streamTypes = list(config, "stream-types");
        SubscriptionOptions defaults = subscriptions.defaults(name, streamTypes);
        SubscriptionOptions options = defaults
                .withBatchSize(config.getOptionalValue("batch-size", Integer.class).orElse(defaults.batchSize()))
                .withMaxAttempts(config.getOptionalValue("max-attempts", Integer.class).orElse(defaults.maxAttempts()))
                .withBackoff(duration(config, "initial-backoff").orElse(defaults.initialBackoff()),
                        duration(config, "max-backoff").orElse(defaults.maxBackoff()))
                .withConcurrency(Math.max(1, concurrency))
                .withHandlerTimeout(duration(config, "handler-timeout").orElse(defaults.handlerTimeout()))
                .withEventTypes(route.map(ChannelRoutes.Route::eventTypes)
                        .orElseGet(() -> Set.copyOf(list(config, "event-types"))))
                // what the consuming module's handler reads of them: another version of one of those parks
                .withReadTypes(route.map(found -> contracts.reads(found.consumer())).orElse(Set.of()));
        Handover handover = null;
        if (route.isPresent()) {
            boolean kafka = route.get().kafka();
            if (kafka) {
                // the channel's events cross Kafka: read what the receiver kept of them, under a subscription of its own
                options = options.withName(name + KAFKA_PATH).withLog(EventLog.RECEIVED);
            }
            handover = new Handover(name, options, kafka,
                    kafka ? routes.notRelayedAsStored(route.get().publisher()) : Set.of(), pool, vertx);
        }
        Handover channelHandover = handover;
        SubscriptionOptions channelOptions = options;
        String module = consumer.orElse(null);
        Lanes lanes = lanesBySubscription.computeIfAbsent(channelOptions.name(),
                ignored -> new Lanes(channelOptions, channelHandover, module));
        int lane = copy - 1;
        return Multi.createFrom().emitter(emitter -> lanes.attach(lane, emitter));
    }

    /** Channels still waiting for their other path stop waiting, and their hand-over timers stop, with the app. */
    void stopAll(@Observes ShutdownEvent event) {
        List.copyOf(lanesBySubscription.values()).forEach(Lanes::stop);
    }

    private static List<String> list(Config config, String name) {
        return config.getOptionalValue(name, String.class)
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().toList())
                .orElse(List.of());
    }

    private static Optional<Duration> duration(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(DurationConverter::parseDuration);
    }

    /**
     * The copies of one channel. The subscription starts once every copy has a subscriber (so no lane's event waits
     * for a consumer that is not there yet) and stops when any of them goes away.
     */
    private final class Lanes {

        private final SubscriptionOptions options;
        private final Handover handover;
        private final String module;
        private final Lane[] lanes;
        private int attached;
        private boolean stopped;
        private SubscriptionWorker worker;

        Lanes(SubscriptionOptions options, Handover handover, String module) {
            this.options = options;
            this.handover = handover;
            this.module = module;
            this.lanes = new Lane[options.concurrency()];
        }

        synchronized void attach(int lane, MultiEmitter<? super Message<RecordedEvent>> emitter) {
            if (stopped || lane < 0 || lane >= lanes.length || lanes[lane] != null) {
                emitter.fail(new IllegalStateException("subscription " + options.name() + " has no free lane "
                        + (lane + 1) + " of " + lanes.length));
                return;
            }
            // each lane delivers on its own event loop, as SmallRye expects of a channel copy
            Lane attachedLane = new Lane(emitter, ((VertxInternal) vertx.getDelegate()).createEventLoopContext(),
                    tracer, options.name(), module);
            lanes[lane] = attachedLane;
            emitter.onTermination(() -> {
                attachedLane.terminated();
                stop();
            });
            if (++attached == lanes.length) {
                SubscriptionHandler handler = event -> lanes[options.laneOf(event.streamId())].deliver(event);
                if (handover == null) {
                    worker = subscriptions.start(options, handler);
                    return;
                }
                // a channel between modules starts once its other path (in process or Kafka) has handed over
                SubscriptionHandler handedOver = handover.around(handler);
                handover.otherPathFree().subscribe().with(free -> startHandedOver(handedOver));
            }
        }

        private synchronized void startHandedOver(SubscriptionHandler handler) {
            if (stopped || subscriptions.closed()) {
                handover.stop();
                return;
            }
            worker = subscriptions.start(options, handler);
            SubscriptionWorker started = worker;
            handover.start(started::isActive);
        }

        private synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            lanesBySubscription.remove(options.name(), this);
            if (handover != null) {
                handover.stop();
            }
            if (worker != null) {
                worker.stop().subscribe().with(ignored -> {
                });
            }
        }
    }

    /** One copy of the channel: one event at a time, acknowledged or nacked by the method before the next. */
    private static final class Lane {

        private final MultiEmitter<? super Message<RecordedEvent>> emitter;
        private final Context context;
        private final Tracer tracer;
        private final String subscription;
        private final String module;
        /** The outcome of the event in the method's hands, if any: failed when the lane goes away. */
        private final AtomicReference<UniEmitter<? super Void>> inHand = new AtomicReference<>();

        Lane(MultiEmitter<? super Message<RecordedEvent>> emitter, Context context, Tracer tracer,
                String subscription, String module) {
            this.emitter = emitter;
            this.context = context;
            this.tracer = tracer;
            this.subscription = subscription;
            this.module = module;
        }

        Uni<Void> deliver(RecordedEvent event) {
            return Uni.createFrom().emitter(outcome -> {
                if (emitter.isCancelled()) {
                    outcome.fail(new IllegalStateException("the channel's consumer has gone"));
                    return;
                }
                inHand.set(outcome);
                // the method runs on a context that still names this delivery's owner, for the inbox's lease check
                ContextInternal delivery = ((ContextInternal) context).duplicate();
                Inbox.Delivery named = Inbox.onThisContext();
                if (named != null) {
                    delivery.putLocal(Inbox.DELIVERY, named);
                }
                DeliverySpans.Delivery traced = DeliverySpans.start(tracer, subscription, module, event);
                // a timed-out or cancelled attempt ends its span as failed; a late ack or nack changes nothing then
                outcome.onTermination(() -> traced.failed("the attempt ended without an answer (handler timeout, "
                        + "or the lane stopped)"));
                delivery.runOnContext(ignored -> {
                    // current on the delivery's own context while the handler works on it (its database and HTTP
                    // calls come back there), and so in its log lines
                    traced.attach(event);
                    emitter.emit(Message.of(event,
                            () -> {
                                traced.succeeded();
                                inHand.compareAndSet(outcome, null);
                                outcome.complete(null);
                                return CompletableFuture.completedFuture(null);
                            },
                            failure -> {
                                traced.failed(failure);
                                inHand.compareAndSet(outcome, null);
                                outcome.fail(failure);
                                return CompletableFuture.completedFuture(null);
                            }));
                });
            });
        }

        /** The consumer went away: an event it will never acknowledge must not hold the subscription. */
        void terminated() {
            UniEmitter<? super Void> outcome = inHand.getAndSet(null);
            if (outcome != null) {
                outcome.fail(new IllegalStateException("the channel's consumer has gone"));
            }
        }
    }
}
