package dev.eventshop.platform.web;

import java.net.URI;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * Refuses request bodies over 64 KiB with a problem document before anything reads them. Bodies without a length
 * are capped by {@code quarkus.http.limits.max-body-size}.
 */
public class BodySizeLimitFilter {

    public static final long MAX_BODY_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response refuseLargeBodies(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
            return HttpProblem.builder()
                    .withType(URI.create("https://eventshop.dev/problems/body-too-large"))
                    .withStatus(413)
                    .withTitle("Request body too large")
                    .withDetail("The body has " + length + " bytes; at most " + MAX_BODY_BYTES + " are accepted")
                    .build().toResponse();
        }
        return null;
    }
}
