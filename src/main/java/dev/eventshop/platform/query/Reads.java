package dev.eventshop.platform.query;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs a read of the query side in a Hibernate Reactive session of its own, closed when the read ends: a session holds
 * a pool connection from open to close, so one kept across a command would take a second connection while holding
 * one. A request's own context is used as it is; from anywhere else (a timer, a worker thread) the read moves to a
 * fresh duplicated context, as Hibernate Reactive works only on a Vert.x event loop.
 */
@ApplicationScoped
public class Reads {

    private final Vertx vertx;

    public Reads(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Uni<T> session(Supplier<Uni<T>> read) {
        return Uni.createFrom().deferred(() -> {
            Context current = Vertx.currentContext();
            // a request's context (marked safe); a subscription's delivery context is not, and keeps its own state
            if (current != null && VertxContext.isDuplicatedContext(current) && Context.isOnEventLoopThread()
                    && VertxContextSafetyToggle.isExplicitlyMarkedAsSafe(current)) {
                return Panache.withSession(read);
            }
            Context fresh = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(fresh, true);
            return Uni.createFrom().<T>emitter(emitter -> fresh.runOnContext(ignored -> Uni.createFrom()
                    .deferred(() -> Panache.withSession(read)).subscribe().with(emitter::complete, emitter::fail)));
        });
    }
}
