package dev.eventshop.platform.security;

import java.time.Duration;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.eventshop.platform.web.Problems;
import io.quarkus.arc.profile.IfBuildProfile;
import io.smallrye.jwt.build.Jwt;

/**
 * Tokens for trying the API in dev mode: {@code curl 'localhost:8080/dev/token?subject=c-1&role=shopper'}. Signed
 * with the dev key pair (see {@link DevTokenKeysConfigSourceFactory}); built into dev mode only, so a packaged
 * application has no such path and no signing library.
 */
@IfBuildProfile("dev")
@Path("/dev/token")
@PermitAll
public class DevTokenResource {

    private static final Set<String> ROLES = Set.of(Roles.SHOPPER, Roles.ADMIN, Roles.CARRIER);

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A bearer token for dev mode", description = "role: shopper (the subject is the customer "
            + "id), admin or carrier; valid for 12 hours")
    public String token(@QueryParam("subject") String subject, @QueryParam("role") String role) {
        String who = subject == null || subject.isBlank() ? "c-1" : subject;
        String as = role == null || role.isBlank() ? Roles.SHOPPER : role;
        if (!ROLES.contains(as)) {
            throw Problems.invalid("role", "must be one of " + ROLES);
        }
        return Jwt.subject(who).upn(who).groups(as).expiresIn(Duration.ofHours(12)).sign();
    }
}
