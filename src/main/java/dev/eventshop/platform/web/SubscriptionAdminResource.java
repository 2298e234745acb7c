package dev.eventshop.platform.web;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.platform.eventstore.AppendSignals;
import dev.eventshop.platform.messaging.ParkedEvent;
import dev.eventshop.platform.messaging.SubscriptionLagMetrics;
import dev.eventshop.platform.messaging.SubscriptionRepository;
import dev.eventshop.platform.messaging.SubscriptionStatus;
import dev.eventshop.platform.operations.OperatorActions;
import dev.eventshop.platform.operations.OperatorEvents;
import dev.eventshop.platform.security.Roles;
import io.smallrye.mutiny.Uni;

/** Operator's view of the catch-up subscriptions: progress, pause/resume, and parked events to replay or skip. */
@Path("/admin/subscriptions")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class SubscriptionAdminResource {

    private static final Logger LOG = Logger.getLogger(SubscriptionAdminResource.class);

    private final SubscriptionRepository repository;
    private final AppendSignals signals;
    private final SubscriptionLagMetrics lags;
    private final OperatorActions actions;
    private final ObjectMapper json;

    public SubscriptionAdminResource(SubscriptionRepository repository, AppendSignals signals, ObjectMapper json,
            SubscriptionLagMetrics lags, OperatorActions actions) {
        this.repository = repository;
        this.signals = signals;
        this.lags = lags;
        this.actions = actions;
        this.json = json;
    }

    @GET
    public Uni<List<SubscriptionStatus>> list() {
        return repository.statuses().chain(statuses -> statuses.isEmpty() ? Uni.createFrom().item(statuses)
                : Uni.join().all(statuses.stream().map(lags::exact).toList()).andFailFast());
    }

    @GET
    @Path("/{name}")
    @APIResponse(responseCode = "200", description = "The subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionStatus.class)))
    @APIResponse(responseCode = "404", description = "No subscription with this name")
    public Uni<SubscriptionStatus> get(@PathParam("name") String name) {
        return repository.status(name).map(status -> status.orElseThrow(() -> unknownSubscription(name)))
                .chain(lags::exact);
    }

    /** Stops delivery (the checkpoint stays where it is) until resumed; events keep being stored. */
    @POST
    @Path("/{name}/pause")
    @APIResponse(responseCode = "200", description = "Paused",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionStatus.class)))
    @APIResponse(responseCode = "404", description = "No subscription with this name")
    public Uni<SubscriptionStatus> pause(@PathParam("name") String name) {
        return setPaused(name, true);
    }

    @POST
    @Path("/{name}/resume")
    @APIResponse(responseCode = "200", description = "Delivering again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubscriptionStatus.class)))
    @APIResponse(responseCode = "404", description = "No subscription with this name")
    public Uni<SubscriptionStatus> resume(@PathParam("name") String name) {
        return setPaused(name, false);
    }

    @GET
    @Path("/{name}/parked")
    @APIResponse(responseCode = "200", description = "Its parked events, held and skipped ones too",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ParkedEvent.class)))
    @APIResponse(responseCode = "404", description = "No subscription with this name")
    public Uni<List<ParkedEvent>> parked(@PathParam("name") String name) {
        return get(name).chain(() -> repository.parked(name));
    }

    /** Delivers a parked event once more (after the cause was fixed). 202: the subscription's owner does it. */
    @POST
    @Path("/{name}/parked/{eventId}/replay")
    @APIResponse(responseCode = "202", description = "Replay requested; the subscription's owner delivers it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ParkedEvent.class)))
    @APIResponse(responseCode = "404", description = "No such subscription or parked event")
    @APIResponse(responseCode = "409", description = "Skipped already, or held behind an earlier parked event")
    public Uni<Response> replay(@PathParam("name") String name, @PathParam("eventId") UUID eventId) {
        return parkedEvent(name, eventId)
                .call(parked -> actions.perform(name, tx -> repository.requestReplay(tx.connection(), name, eventId),
                        (requested, operator) -> requested ? new OperatorEvents.ParkedEventReplayRequested(name,
                                eventId, parked.eventType(), parked.streamId(), operator) : null)
                        .invoke(requested -> {
                            if (!requested) {
                                throw new ClientErrorException(parked.status() == ParkedEvent.Status.SKIPPED
                                        ? "Event " + eventId + " was skipped; it cannot be replayed"
                                        : "Event " + eventId + " waits behind an earlier event of stream "
                                                + parked.streamId() + "; replay or skip the oldest one, and this one "
                                                + "follows", 409);
                            }
                        }))
                .chain(parked -> {
                    signals.wakeAll();
                    // the owner may have replayed it and forgotten it already: then the answer is the request's
                    return repository.parked(name, eventId).map(now -> Response.accepted(now.orElse(parked)).build());
                });
    }

    /** Why an operator skips an event, kept with it. The body is optional: a bare POST skips without a reason. */
    public record SkipRequest(String reason) {
    }

    /**
     * Gives up on a parked event for good; it stays listed as SKIPPED, with the operator's reason. The events held
     * behind it in its stream are delivered next, in order. What the event would have done is not done: the answer
     * names the stream and the flow (correlation id; for an order, the order id) it leaves unfinished, and the log
     * says so too.
     */
    @POST
    @Path("/{name}/parked/{eventId}/skip")
    @APIResponse(responseCode = "200", description = "Skipped for good; names the stream and flow left unfinished",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ParkedEvent.class)))
    @APIResponse(responseCode = "404", description = "No such subscription or parked event")
    @APIResponse(responseCode = "409", description = "Skipped already")
    @APIResponse(responseCode = "422", description = "reason is over 1,000 characters or not plain text")
    public Uni<ParkedEvent> skip(@PathParam("name") String name, @PathParam("eventId") UUID eventId,
            @RequestBody(required = false, content = @Content(schema = @Schema(implementation = SkipRequest.class)))
            String body) {
        String reason = reasonIn(body);
        return parkedEvent(name, eventId)
                .chain(parked -> actions.perform(name, tx -> repository.skip(tx.connection(), name, eventId, reason),
                        (skipped, operator) -> skipped ? new OperatorEvents.ParkedEventSkipped(name, eventId,
                                parked.eventType(), parked.streamId(), parked.correlationId(), reason, operator)
                                : null))
                .chain(skipped -> {
                    if (!skipped) {
                        throw new ClientErrorException("Event " + eventId + " is already skipped", 409);
                    }
                    signals.wakeAll();
                    return parkedEvent(name, eventId);
                })
                .invoke(skipped -> LOG.warnf("Subscription %s: an operator skipped event %s (%s) of stream %s, flow %s"
                        + " (reason: %s); what it would have done is not done, and that flow may be left unfinished",
                        name, eventId, skipped.eventType(), skipped.streamId(), skipped.correlationId(),
                        reason == null ? "none given" : reason.replaceAll("\\p{Cntrl}", " ")));
    }

    private String reasonIn(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        SkipRequest request;
        try {
            request = json.readerFor(SkipRequest.class)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
        } catch (JsonProcessingException e) {
            // JsonProblems says where: the line and column, or the field
            throw new UnreadableBody(e);
        }
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            return null;
        }
        if (request.reason().length() > 1000) {
            throw Problems.invalid("reason", "must be at most 1000 characters");
        }
        if (!PlainText.Validator.isPlain(request.reason())) {
            throw Problems.invalid("reason", "must be text without control characters or broken Unicode");
        }
        // kept as given; logged on one line
        return request.reason();
    }

    private Uni<SubscriptionStatus> setPaused(String name, boolean paused) {
        return actions.perform(name, tx -> repository.setPaused(tx.connection(), name, paused),
                (found, operator) -> !found ? null
                        : paused ? new OperatorEvents.SubscriptionPaused(name, operator)
                                : new OperatorEvents.SubscriptionResumed(name, operator))
                .chain(found -> {
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
