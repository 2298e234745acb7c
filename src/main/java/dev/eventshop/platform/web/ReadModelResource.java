package dev.eventshop.platform.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.eventshop.platform.operations.ReadModelRebuilds;
import dev.eventshop.platform.operations.ReadModelRebuilds.ReadModelStatus;
import dev.eventshop.platform.security.Roles;
import io.smallrye.mutiny.Uni;

/** The read models of the modules this process runs, and their rebuilds from the events, with progress. */
@Path("/admin/read-models")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ReadModelResource {

    private final ReadModelRebuilds rebuilds;

    public ReadModelResource(ReadModelRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @GET
    @Operation(summary = "The read models this process keeps, each with its latest rebuild and its progress")
    public Uni<List<ReadModelStatus>> list() {
        return rebuilds.statuses();
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One read model and its latest rebuild")
    @APIResponse(responseCode = "200", description = "The read model",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadModelStatus.class)))
    @APIResponse(responseCode = "404", description = "No such read model in this process")
    public Uni<ReadModelStatus> get(@PathParam("name") String name) {
        known(name);
        return rebuilds.status(name).map(status -> status.orElseThrow(() -> unknown(name)));
    }

    /**
     * Rebuilds the read model from its events while the module keeps writing it; the answer comes at once and the
     * read model's page shows the progress.
     */
    @POST
    @Path("/{name}/rebuild")
    @Operation(summary = "Rebuilds a read model from its events (every stream, or those written since an instant), "
            + "in the background; follow it at the read model's own path")
    @APIResponse(responseCode = "202", description = "Started",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReadModelStatus.class)))
    @APIResponse(responseCode = "404", description = "No such read model in this process",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "409", description = "A rebuild of this read model is running",
            content = @Content(mediaType = "application/problem+json"))
    @APIResponse(responseCode = "422", description = "since is not an ISO-8601 instant",
            content = @Content(mediaType = "application/problem+json"))
    public Uni<Response> rebuild(@PathParam("name") String name, @QueryParam("since") String since) {
        known(name);
        Instant from = Problems.instantParam("since", since);
        return rebuilds.start(name, from).map(started -> {
            ReadModelStatus status = started.orElseThrow(() -> Problems.conflict("A rebuild of " + name
                    + " is running; its progress is at /admin/read-models/" + name));
            return Response.accepted(status).location(URI.create("/admin/read-models/" + name)).build();
        });
    }

    private void known(String name) {
        if (!rebuilds.knows(name)) {
            throw unknown(name);
        }
    }

    private static RuntimeException unknown(String name) {
        return Problems.notFound("No read model " + name + " in this process; GET /admin/read-models lists them");
    }
}
