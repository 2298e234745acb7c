package dev.eventshop.platform.messaging.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.eventshop.platform.modules.ChannelRoutes;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Watches the broker for the channels that cross Kafka, so readiness can say when it is out of reach (one WARN line
 * when it goes, one every {@value #WARN_EVERY_SECONDS} s while it stays away, one INFO line when it is back, instead of
 * the Kafka clients' line per reconnect), and creates the topics this process relays to and receives from with
 * {@code eventshop.kafka.partitions} partitions: a topic made by the broker on first use would get the broker's default
 * (often one), and partitions are what several instances of a consumer share.
 */
@ApplicationScoped
public class KafkaBroker {

    private static final Logger LOG = Logger.getLogger(KafkaBroker.class);
    private static final long WARN_EVERY_SECONDS = 30;
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    /** Checks that must fail in a row before readiness goes DOWN (about 6 s). */
    private static final int FAILURES_BEFORE_DOWN = 3;

    /** What readiness reports. */
    public record State(boolean used, boolean reachable, String bootstrapServers, List<String> channels,
            Set<String> topics, String problem) {
    }

    private final ChannelRoutes routes;
    private final KafkaClientSettings settings;
    private final String bootstrapServers;
    private final int partitions;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "eventshop-kafka-broker");
        thread.setDaemon(true);
        return thread;
    });
    private Admin admin;
    private volatile Map<String, Object> adminSettings;
    private volatile State state;
    private boolean topicsCreated;
    private long downSince;
    private int failuresInARow;
    private long lastWarning;

    public KafkaBroker(ChannelRoutes routes,
            KafkaClientSettings settings,
            @ConfigProperty(name = "eventshop.kafka.partitions", defaultValue = "8") int partitions) {
        this.routes = routes;
        this.settings = settings;
        this.bootstrapServers = settings.bootstrapServers();
        this.partitions = partitions;
        this.state = new State(false, true, bootstrapServers, List.of(), Set.of(), null);
    }

    public State state() {
        return state;
    }

    /** Before the relay and the receiver start: they should find the topics made with their partitions. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        Set<String> topics = routes.topics();
        if (topics.isEmpty()) {
            return;
        }
        List<String> channels = routes.all().stream().filter(ChannelRoutes.Route::kafka)
                .map(ChannelRoutes.Route::channel).toList();
        adminSettings = settings.brokerAdmin((int) ANSWER_WITHIN.toMillis());
        // until the first answer, assume the broker is there: readiness should not flap at start
        state = new State(true, true, bootstrapServers, channels, topics, null);
        try {
            // the first check (and the topics) before anything sends or subscribes, if the broker answers soon
            checker.submit(() -> check(channels, topics)).get(2 * ANSWER_WITHIN.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notYet) {
            LOG.debugf("First check of the Kafka broker did not finish: %s", notYet.getMessage());
        }
        checker.scheduleWithFixedDelay(() -> {
            try {
                check(channels, topics);
            } catch (Throwable unexpected) { // a task that throws is never run again: keep watching
                LOG.errorf(unexpected, "Checking the Kafka broker at %s failed", bootstrapServers);
            }
        }, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event) {
        checker.shutdownNow();
        try {
            checker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    private void check(List<String> channels, Set<String> topics) {
        try {
            if (admin == null) {
                admin = Admin.create(adminSettings);
            }
            admin.describeCluster().nodes().get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            if (!topicsCreated) {
                topicsCreated = createTopics(topics);
            }
            failuresInARow = 0;
            if (downSince != 0) {
                LOG.infof("Kafka at %s is reachable again after %d s; channels %s go on", bootstrapServers,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince), channels);
                downSince = 0;
            }
            state = new State(true, true, bootstrapServers, channels, topics, null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException failure) {
            Throwable cause = failure instanceof ExecutionException ? failure.getCause() : failure;
            String problem = "no Kafka broker answers at " + bootstrapServers + " (" + (cause == null
                    || cause instanceof TimeoutException || cause.getMessage() == null
                            ? "no answer within " + ANSWER_WITHIN.toSeconds() + " s"
                            : cause.getClass().getSimpleName() + ": " + cause.getMessage()) + ")";
            if (++failuresInARow < FAILURES_BEFORE_DOWN) {
                return; // one slow answer is no outage
            }
            long now = System.nanoTime();
            if (downSince == 0) {
                downSince = now;
            }
            if (lastWarning == 0 || now - lastWarning > TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS)) {
                lastWarning = now;
                LOG.warnf("Channels %s are held up: %s; their events wait in the event store and reach Kafka once "
                        + "it is back", channels, problem);
            }
            state = new State(true, false, bootstrapServers, channels, topics, problem);
        }
    }

    /** @return whether every topic exists now (else it is tried again at the next check) */
    private boolean createTopics(Set<String> topics) throws InterruptedException {
        boolean all = true;
        for (String topic : topics) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all()
                        .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                LOG.infof("Created Kafka topic %s with %d partitions", topic, partitions);
            } catch (ExecutionException failure) {
                if (!(failure.getCause() instanceof TopicExistsException)) {
                    all = false;
                    LOG.warnf("Could not create Kafka topic %s (%s); trying again", topic,
                            failure.getCause().getMessage());
                }
            } catch (TimeoutException slow) {
                all = false;
                LOG.warnf("Creating Kafka topic %s timed out; trying again", topic);
            }
        }
        return all;
    }
}
