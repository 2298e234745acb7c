package dev.eventshop.platform.eventstore;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;

/**
 * Live wake-up for catch-up subscriptions. Appends in this instance wake local subscriptions at once; other
 * instances learn through PostgreSQL LISTEN/NOTIFY. A wake-up is only a hint — subscriptions also poll, and their
 * cursor, not the notification, decides what they read — so losing one delays an event, never loses it.
 * <p>
 * NOTIFY is sent after the append commits, from its own statement, and coalesced to at most one every
 * {@value #NOTIFY_INTERVAL_MS} ms per instance: a NOTIFY inside the appending transaction would take PostgreSQL's
 * global notify lock at every commit and serialise all writers, and one per append would double the commits.
 * <p>
 * It is sent only while another instance listens on the same database. Each instance's LISTEN connection carries
 * {@value #LISTENER_NAME} and the instance's id in {@code application_name}, and every {@value #LISTENERS_CHECK_MS}
 * ms an instance counts the others in {@code pg_stat_activity}. A NOTIFY is a transaction that PostgreSQL flushes to
 * disk like any other: an instance running alone would pay one every 10 ms of appends to wake nobody. An instance
 * that starts meanwhile polls until it is counted, and a count that fails counts as someone listening.
 */
@ApplicationScoped
public class AppendSignals {

    /**
     * The PostgreSQL notification channel; the payload is the id of the instance that appended, or
     * {@value #REFRESH} and the id of the instance where an operator changed a subscription.
     */
    public static final String CHANNEL = "eventshop_events";
    private static final String REFRESH = "refresh/";

    /** Other instances hear of new events at most this much later than local subscriptions do. */
    static final long NOTIFY_INTERVAL_MS = 10;

    /** The {@code application_name} of every instance's LISTEN connection, before the instance's id. */
    public static final String LISTENER_NAME = "eventshop-listener";

    /** How often an instance counts the other instances listening. */
    static final long LISTENERS_CHECK_MS = 1_000;

    /*
     * $1 the name pattern of every instance's listener, $2 this instance's. A build from before the name listens as
     * "vertx-pg-client": its last statement (LISTEN, all a listener ever runs) tells it apart, so a rolling upgrade
     * keeps waking the old instances.
     */
    private static final String OTHER_LISTENERS = """
            SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name <> $2
               AND (application_name LIKE $1 OR query LIKE 'LISTEN%""" + CHANNEL + "%')";

    /** $1 the channel, $2 the payload. */
    private static final String NOTIFY = "SELECT pg_notify($1, $2)";

    private static final Logger LOG = Logger.getLogger(AppendSignals.class);

    private final Vertx vertx;
    private final Pool pool;
    private final String instanceId = UUID.randomUUID().toString();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean notifyInFlight = new AtomicBoolean();
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    /** Until counted, someone listens: a NOTIFY too many costs a commit, one too few a poll interval. */
    private volatile boolean othersListening = true;
    private final Counter notificationsSent = Counter.builder("eventshop.notifications.sent")
            .description("NOTIFYs sent to wake the subscriptions of other instances").register(Metrics.globalRegistry);
    private volatile long listenersTimer = -1;
    private final String url;
    private final String username;
    private final String password;
    private volatile PgSubscriber subscriber;

    public AppendSignals(Vertx vertx, Pool pool,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.pool = pool;
        this.url = url;
        this.username = username.orElse(null);
        this.password = password.orElse(null);
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:") ? url.substring(15) : url);
        if (username != null) {
            options.setUser(username);
        }
        if (password != null) {
            options.setPassword(password);
        }
        options.addProperty("application_name", listenerName());
        PgSubscriber pgSubscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> 1_000L);
        pgSubscriber.channel(CHANNEL).handler(payload -> {
            if (payload != null && payload.startsWith(REFRESH)) {
                refreshLocal();
            } else if (!instanceId.equals(payload)) {
                wakeLocal(null);
            }
        });
        pgSubscriber.connect().subscribe().with(
                ok -> LOG.debugf("Listening on %s", CHANNEL),
                failure -> LOG.warnf("LISTEN %s failed (%s); subscriptions fall back to polling", CHANNEL,
                        failure.getMessage()));
        this.subscriber = pgSubscriber;
        countOtherListeners();
        listenersTimer = vertx.setPeriodic(LISTENERS_CHECK_MS, id -> countOtherListeners());
    }

    void stop(@Observes ShutdownEvent event) {
        if (listenersTimer >= 0) {
            vertx.cancelTimer(listenersTimer);
        }
        PgSubscriber current = subscriber;
        if (current != null) {
            current.closeAndAwait();
        }
    }

    /**
     * A stream type and an event type that an append wrote, and the log it went to: a subscription of the other log
     * has nothing new to read (on Kafka, every received batch would otherwise wake the relay of the same types).
     */
    public record Kind(String streamType, String eventType, EventLog log) {
    }

    /** Told that events may have been appended. */
    @FunctionalInterface
    public interface Listener {

        /** @param appended the kinds of events appended; null when not known (another instance appended) */
        void appended(Set<Kind> appended);

        /**
         * An operator paused, resumed, replayed or skipped something: look at the subscription's row before reading
         * on. Only then: an append of another instance is no reason to write anything.
         */
        default void refresh() {
            appended(null);
        }
    }

    /** Calls {@code listener} whenever events may have been appended, by this or another instance. */
    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /**
     * Called after a transaction that appended these kinds of events has committed. Local
     * subscriptions that deliver none of them are not disturbed; other instances are told without kinds.
     */
    public void appended(Set<Kind> appended) {
        wakeLocal(Set.copyOf(appended));
        notifyPending.set(true);
        sendNotify();
    }

    /**
     * Makes every subscription of every instance look at its row, e.g. after an operator resumed one or asked for a
     * replay.
     */
    public void wakeAll() {
        refreshLocal();
        pool.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, REFRESH + instanceId))
                .subscribe().with(ok -> {
                }, failure -> LOG.debugf("NOTIFY failed: %s", failure.getMessage()));
    }

    /** Whether, when last counted, another instance listened on this database. */
    public boolean othersListening() {
        return othersListening;
    }

    private String listenerName() {
        return LISTENER_NAME + " " + instanceId;
    }

    private void countOtherListeners() {
        pool.preparedQuery(OTHER_LISTENERS).execute(Tuple.of(LISTENER_NAME + " %", listenerName()))
                .subscribe().with(rows -> othersListening = rows.iterator().next().getLong(0) > 0, failure -> {
                    LOG.debugf("Counting the other listeners failed (%s); NOTIFY stays on", failure.getMessage());
                    othersListening = true;
                });
    }

    private void refreshLocal() {
        for (Listener listener : listeners) {
            listener.refresh();
        }
    }

    private void wakeLocal(Set<Kind> appended) {
        for (Listener listener : listeners) {
            listener.appended(appended);
        }
    }

    private void sendNotify() {
        if (!othersListening) {
            notifyPending.set(false);
            return;
        }
        if (!notifyInFlight.compareAndSet(false, true)) {
            return; // the NOTIFY in flight will be followed by another: see the completion below
        }
        notifyPending.set(false);
        notificationsSent.increment();
        pool.preparedQuery(NOTIFY).execute(Tuple.of(CHANNEL, instanceId))
                .subscribe().with(ok -> afterNotify(), failure -> {
                    LOG.debugf("NOTIFY failed: %s", failure.getMessage());
                    afterNotify();
                });
    }

    private void afterNotify() {
        vertx.setTimer(NOTIFY_INTERVAL_MS, id -> {
            notifyInFlight.set(false);
            if (notifyPending.get()) {
                sendNotify();
            }
        });
    }
}
