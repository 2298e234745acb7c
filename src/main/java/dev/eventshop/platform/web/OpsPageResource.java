package dev.eventshop.platform.web;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The operator page is static ({@code META-INF/resources/ops/}); its data comes from {@code /admin/*} with the
 * operator's token, so the page itself is public. {@code /ops} leads to it.
 */
@Path("/ops")
@PermitAll
public class OpsPageResource {

    @GET
    @Operation(hidden = true)
    public Response page() {
        return Response.seeOther(URI.create("/ops/")).build();
    }
}
