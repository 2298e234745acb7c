package dev.eventshop.platform.web;

import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import dev.eventshop.platform.operations.Reconciliation;
import dev.eventshop.platform.operations.Reconciliation.Report;
import dev.eventshop.platform.security.Roles;
import io.smallrye.mutiny.Uni;

/** The reconciliation job's findings: flows whose modules disagree. It reports; fixing is the operator's call. */
@Path("/admin/reconciliation")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ReconciliationResource {

    private final Reconciliation reconciliation;

    public ReconciliationResource(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GET
    @Operation(summary = "The last scheduled run: when, over which flows, what it found, the checks that failed")
    @APIResponse(responseCode = "200", description = "The last run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "404", description = "No run yet")
    public Report last() {
        Report last = reconciliation.last();
        if (last == null) {
            throw new NotFoundException("No reconciliation has run yet; POST /admin/reconciliation/run runs one now");
        }
        return last;
    }

    @POST
    @Path("/run")
    @Operation(summary = "Runs every check now: over the configured window (and then it is the last run), or over "
            + "the flows begun since the given instant (ISO-8601), which leaves the last run as it was")
    @APIResponse(responseCode = "200", description = "What the run found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "422", description = "since is not an ISO-8601 instant")
    public Uni<Report> run(@QueryParam("since") String since) {
        Instant from = Problems.instantParam("since", since);
        return from == null ? reconciliation.runWindow() : reconciliation.run(from);
    }
}
