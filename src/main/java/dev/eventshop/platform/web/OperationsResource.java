package dev.eventshop.platform.web;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.eventshop.platform.eventstore.EventStore;
import dev.eventshop.platform.eventstore.RecordedEvent;
import dev.eventshop.platform.operations.OperatorEvents;
import dev.eventshop.platform.security.Roles;
import io.smallrye.mutiny.Uni;

/** The record of what operators did (pause, resume, replay, skip, rebuild), newest first: who, what and when. */
@Path("/admin/operations")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class OperationsResource {

    /** One operator action: its event type, when, and the event's fields (subscription, operator, ...). */
    @Schema(example = """
            {"type": "platform.SubscriptionPaused.v1", "at": "2026-12-06T09:40:00Z",
            "eventId": "5e8a2c1d-7b3f-4e9a-8c6d-1f0e2a3b4c5d",
            "details": {"subscription": "payments-commands", "operator": "ops-alice"}}""")
    public record OperatorAction(String type, Instant at, String eventId, JsonNode details) {
    }

    private final EventStore store;
    private final ObjectMapper json;

    public OperationsResource(EventStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @GET
    @Operation(summary = "What operators did, newest first")
    @APIResponse(responseCode = "200", description = "The latest operator actions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = OperatorAction.class)))
    @APIResponse(responseCode = "422", description = "limit is not 1 to 1,000")
    public Uni<List<OperatorAction>> list(
            @QueryParam("limit") @Parameter(description = "At most this many, 1 to 1,000 (default 100)") String limit) {
        return store.latest(OperatorEvents.STREAM_TYPE, Paging.limit(limit, 100, 1000)).map(events -> events.stream().map(this::action).toList());
    }

    private OperatorAction action(RecordedEvent event) {
        try {
            return new OperatorAction(event.type(), event.metadata().occurredAt(), event.eventId().toString(),
                    json.readTree(event.payload()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("operator event " + event.eventId() + " is not JSON", e);
        }
    }
}
