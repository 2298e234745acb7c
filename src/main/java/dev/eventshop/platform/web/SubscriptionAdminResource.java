package dev.eventshop.platform.web;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.messaging.ParkedEvent;
import dev.eventshop.platform.messaging.SubscriptionRepository;
import dev.eventshop.platform.messaging.SubscriptionStatus;
import io.smallrye.mutiny.Uni;

/** Operator's view of the catch-up subscriptions: progress, pause/resume, and parked events to replay or skip. */
@Path("/admin/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionAdminResource {

    private final SubscriptionRepository repository;
    private final AppendSignals signals;

    public SubscriptionAdminResource(SubscriptionRepository repository, AppendSignals signals) {
        this.repository = repository;
        this.signals = signals;
    }

    @GET
    public Uni<List<SubscriptionStatus>> list() {
        return repository.statuses();
    }

    @GET
    @Path("/{name}")
    public Uni<SubscriptionStatus> get(@PathParam("name") String name) {
        return repository.status(name).map(status -> status.orElseThrow(() -> unknownSubscription(name)));
    }

    /** Stops delivery (the checkpoint stays where it is) until resumed; events keep being stored. */
    @POST
    @Path("/{name}/pause")
    public Uni<SubscriptionStatus> pause(@PathParam("name") String name) {
        return setPaused(name, true);
    }

    @POST
    @Path("/{name}/resume")
    public Uni<SubscriptionStatus> resume(@PathParam("name") String name) {
        return setPaused(name, false);
    }

    @GET
    @Path("/{name}/parked")
    public Uni<List<ParkedEvent>> parked(@PathParam("name") String name) {
        return get(name).chain(() -> repository.parked(name));
    }

    /** Delivers a parked event once more (after the cause was fixed). 202: the subscription's owner does it. */
    @POST
    @Path("/{name}/parked/{eventId}/replay")
    public Uni<Response> replay(@PathParam("name") String name, @PathParam("eventId") UUID eventId) {
        return parkedEvent(name, eventId)
                .call(parked -> repository.requestReplay(name, eventId).invoke(requested -> {
                    if (!requested) {
                        throw new ClientErrorException(parked.status() == ParkedEvent.Status.SKIPPED
                                ? "Event " + eventId + " was skipped; it cannot be replayed"
                                : "Event " + eventId + " waits behind an earlier event of stream " + parked.streamId()
                                        + "; replay or skip the oldest one, and this one follows", 409);
                    }
                }))
                .chain(() -> {
                    signals.wakeAll();
                    return parkedEvent(name, eventId);
                })
                .map(parked -> Response.accepted(parked).build());
    }

    /**
     * Gives up on a parked event for good; it stays listed as SKIPPED. The events held behind it in its stream are
     * delivered next, in order.
     */
    @POST
    @Path("/{name}/parked/{eventId}/skip")
    public Uni<ParkedEvent> skip(@PathParam("name") String name, @PathParam("eventId") UUID eventId) {
        return parkedEvent(name, eventId)
                .chain(() -> repository.skip(name, eventId))
                .chain(skipped -> {
                    if (!skipped) {
                        throw new ClientErrorException("Event " + eventId + " is already skipped", 409);
                    }
                    signals.wakeAll();
                    return parkedEvent(name, eventId);
                });
    }

    private Uni<SubscriptionStatus> setPaused(String name, boolean paused) {
        return repository.setPaused(name, paused).chain(found -> {
            if (!found) {
                throw unknownSubscription(name);
            }
            signals.wakeAll();
            return get(name);
        });
    }

    private Uni<ParkedEvent> parkedEvent(String name, UUID eventId) {
        return repository.parked(name, eventId).map(parked -> parked.orElseThrow(() -> new NotFoundException(
                "Subscription " + name + " has no parked event " + eventId)));
    }

    private static NotFoundException unknownSubscription(String name) {
        return new NotFoundException("No subscription named " + name);
    }
}
