package dev.eventshop.platform.messaging;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
    private final Map<String, Integer> applied = new ConcurrentHashMap<>();
    private final EventCodec codec;

    public PoisonEventConsumer(EventCodec codec) {
        this.codec = codec;
    }

    /** Labels of the work applied so far. */
    public Set<String> processed() {
        return Set.copyOf(processed);
    }

    /** How many times work with this label was applied. */
    public int applied(String label) {
        return applied.getOrDefault(label, 0);
    }

    /** The cause is fixed: this poison label is processed from now on. */
    public void heal(String label) {
        healed.add(label);
    }

    /** Work with this label hangs in the handler (a provider that does not answer) until released. */
    public void hold(String label) {
        held.put(label, new CompletableFuture<>());
    }

    public void release(String label) {
        held.getOrDefault(label, CompletableFuture.completedFuture(null)).complete(null);
    }

    @Incoming(CHANNEL)
    public Uni<Void> on(RecordedEvent event) {
        Work work = codec.decode(event, Work.class);
        CompletableFuture<Void> hung = held.get(work.label());
        if (hung != null && !hung.isDone()) {
            return Uni.createFrom().completionStage(hung).invoke(() -> apply(work));
        }
        if (work.poison() && !healed.contains(work.label())) {
            return Uni.createFrom().failure(new IllegalStateException("cannot process " + work.label()));
        }
        apply(work);
        return Uni.createFrom().voidItem();
    }

    private void apply(Work work) {
        processed.add(work.label());
        applied.merge(work.label(), 1, Integer::sum);
    }
}
