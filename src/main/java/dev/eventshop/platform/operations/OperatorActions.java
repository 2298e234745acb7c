package dev.eventshop.platform.operations;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import dev.eventshop.platform.eventstore.EventMetadata;
import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.ExpectedVersion;
import dev.eventshop.platform.eventstore.NewEvent;
import dev.eventshop.platform.eventstore.StreamAppend;
import dev.eventshop.platform.security.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Carries out an operator's action and records it as an event in one transaction: the action's statements run on the
 * transaction's connection, and the event describing it (built from the action's outcome, with the caller as
 * operator) is appended only when the action did something.
 */
@ApplicationScoped
public class OperatorActions {

    private final EventStore store;
    private final Caller caller;

    public OperatorActions(EventStore store, Caller caller) {
        this.store = store;
        this.caller = caller;
    }

    /**
     * @param action the action, on the transaction; its outcome decides the record
     * @param record the event to record for an outcome and the operator's name, or null to record nothing
     */
    public <T> Uni<T> perform(String target, Function<EventStore.Tx, Uni<T>> action, RecordFor<T> record) {
        return perform(target, (tx, operator) -> action.apply(tx), record);
    }

    /**
     * As {@link #perform(String, Function, RecordFor)}, for an action that keeps the operator's name itself.
     *
     * @param target the subscription or read model acted on: actions on one target take turns
     */
    public <T> Uni<T> perform(String target, BiFunction<EventStore.Tx, String, Uni<T>> action, RecordFor<T> record) {
        // actions on one target take turns (two skips at once would otherwise both append at one version)
        return caller.identity().chain(identity -> store.inTransaction(tx -> tx.connection()
                .preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))")
                .execute(Tuple.of(OperatorEvents.streamOf(target)))
                .chain(() -> action.apply(tx, identity.subject())).call(outcome -> {
            Object event = record.of(outcome, identity.subject());
            if (event == null) {
                return Uni.createFrom().voidItem();
            }
            return tx.append(new StreamAppend(OperatorEvents.streamOf(target), OperatorEvents.STREAM_TYPE,
                    ExpectedVersion.ANY, List.of(NewEvent.of(event))),
                    EventMetadata.start(OperationsPublishedStreams.PLATFORM));
        })));
    }

    /** The event recording an action's outcome, by the named operator; null when the action changed nothing. */
    @FunctionalInterface
    public interface RecordFor<T> {
        Object of(T outcome, String operator);
    }
}
