package dev.eventshop.platform.messaging;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.eventstore.EventLog;
import dev.eventshop.platform.eventstore.EventStore;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.Vertx;

/** Starts and stops this instance's subscription workers; stops them cleanly on shutdown and on live reload. */
@ApplicationScoped
public class Subscriptions {

    private final EventStore store;
    private final LogTail tail;
    private final LogTail receivedTail;
    private final SubscriptionRepository repository;
    private final AppendSignals signals;
    private final Vertx vertx;
    private final SubscriptionsConfig config;
    private final String instanceId;
    private final Map<SubscriptionWorker, Boolean> workers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public Subscriptions(EventStore store, LogTail tail, SubscriptionRepository repository, AppendSignals signals, Vertx vertx,
            SubscriptionsConfig config) {
        this.store = store;
        this.tail = tail;
        this.receivedTail = new LogTail(store, vertx, EventLog.RECEIVED);
        this.repository = repository;
        this.signals = signals;
        this.vertx = vertx;
        this.config = config;
        this.instanceId = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This instance's name as lease owner: {@code pid@host/random}. */
    public String instanceId() {
        return instanceId;
    }

    public SubscriptionOptions defaults(String name, List<String> streamTypes) {
        return SubscriptionOptions.defaults(name, streamTypes, config);
    }

    /** Starts working a subscription in this instance (it delivers once it holds the lease). */
    public SubscriptionWorker start(SubscriptionOptions options, SubscriptionHandler handler) {
        return start(options, handler, instanceId);
    }

    /**
     * Starts a worker under another owner name, as a second instance of the application would. Tests use this to
     * run two competing instances against one database.
     */
    public SubscriptionWorker start(SubscriptionOptions options, SubscriptionHandler handler, String owner) {
        if (closed) {
            throw new IllegalStateException("the application is stopping: subscription " + options.name()
                    + " is not started");
        }
        SubscriptionWorker worker = new SubscriptionWorker(options, owner, store,
                options.log() == EventLog.RECEIVED ? receivedTail : tail, repository, signals, vertx, handler);
        workers.put(worker, Boolean.TRUE);
        worker.start();
        return worker;
    }

    /** The subscriptions this instance works, one entry per name. */
    Collection<SubscriptionOptions> running() {
        Map<String, SubscriptionOptions> byName = new TreeMap<>();
        workers.keySet().forEach(worker -> byName.putIfAbsent(worker.options().name(), worker.options()));
        return byName.values();
    }

    /** Whether the application is stopping: no subscription starts any more. */
    public boolean closed() {
        return closed;
    }

    void stopAll(@Observes ShutdownEvent event) {
        closed = true;
        Multi.createFrom().iterable(List.copyOf(workers.keySet()))
                .onItem().transformToUniAndMerge(SubscriptionWorker::stop)
                .collect().last()
                .await().indefinitely();
        workers.clear();
    }
}
