package dev.eventshop.platform.security;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.eventshop.platform.web.ProblemType;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * 401 and 403 as problem documents like every other error, a 401 with the {@code WWW-Authenticate} challenge that
 * tells a client to send a bearer token. The reason a token was refused (expired, forged, wrong issuer) is logged by
 * smallrye-jwt at debug level only and never echoed: it would help someone forging tokens.
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper(value = { UnauthorizedException.class, AuthenticationFailedException.class },
            priority = Priorities.USER - 100)
    public Response unauthorized(RuntimeException failure, UriInfo uri) {
        return problem(ProblemType.UNAUTHORIZED,
                "A valid bearer token is required (Authorization: Bearer <token>)", uri)
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(value = ForbiddenException.class, priority = Priorities.USER - 100)
    public Response forbidden(ForbiddenException failure, UriInfo uri) {
        return problem(ProblemType.FORBIDDEN, "This token's role may not do this", uri).build();
    }

    private static Response.ResponseBuilder problem(ProblemType type, String detail, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.put("instance", uri.getPath());
        return Response.status(type.status()).type("application/problem+json").entity(body);
    }
}
