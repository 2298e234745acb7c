package dev.eventshop.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * Refuses request bodies over 64 KiB with a 413 problem: at once when the Content-Length says so, and by counting
 * the bytes when it does not (a chunked body), before Jackson sees any of them. Bodies are small JSON documents, so
 * holding one in memory while counting costs nothing; {@code quarkus.http.limits.max-body-size} caps what the server
 * buffers at all.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER) // not the REST clients' answers from the provider and the carrier
public class BodySizeLimitFilter implements ReaderInterceptor {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true)
    public void refuseLargeBodies(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_BODY_BYTES) {
            throw tooLarge("The body has " + length + " bytes");
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        byte[] body = context.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge("The body has more than " + MAX_BODY_BYTES + " bytes");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static HttpProblem tooLarge(String detail) {
        return Problems.of(ProblemType.BODY_TOO_LARGE)
                .withDetail(detail + "; at most " + MAX_BODY_BYTES + " are accepted").build();
    }
}
