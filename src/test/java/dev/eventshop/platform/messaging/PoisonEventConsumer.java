package dev.eventshop.platform.messaging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.eventshop.platform.eventstore.EventCodec;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.eventstore.TestEvents.Work;
import io.smallrye.mutiny.Uni;

/** A module-style consumer on an {@code eventstore} channel, failing on "poison" work until it is healed. */
@ApplicationScoped
public class PoisonEventConsumer {

    public static final String CHANNEL = "platform-test-work";

    private final Set<String> processed = ConcurrentHashMap.newKeySet();
    private final Set<String> healed = ConcurrentHashMap.newKeySet();
    private final EventCodec codec;

    public PoisonEventConsumer(EventCodec codec) {
        this.codec = codec;
    }

    /** Labels of the work applied so far. */
    public Set<String> processed() {
        return Set.copyOf(processed);
    }

    /** The cause is fixed: this poison label is processed from now on. */
    public void heal(String label) {
        healed.add(label);
    }

    @Incoming(CHANNEL)
    public Uni<Void> on(RecordedEvent event) {
        Work work = codec.decode(event, Work.class);
        if (work.poison() && !healed.contains(work.label())) {
            return Uni.createFrom().failure(new IllegalStateException("cannot process " + work.label()));
        }
        processed.add(work.label());
        return Uni.createFrom().voidItem();
    }
}
