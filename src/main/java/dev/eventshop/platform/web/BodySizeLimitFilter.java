package dev.eventshop.platform.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * Refuses request bodies over 64 KiB with a 413 problem by counting the bytes of a body that does not come with a
 * Content-Length alone (one over HTTP/2 without a length, or one sent chunked) before Jackson sees any of them.
 * {@link RequestLimits} refuses a Content-Length over the limit before the body is read at all, and a body with only
 * a Content-Length is not read ahead here. Bodies are small JSON documents, so holding one in memory while
 * counting costs nothing; {@code quarkus.http.limits.max-body-size} caps what the server buffers at all. Jackson's
 * failures to read the body leave here as {@link UnreadableBody}: the client's mistake, not the server's.
 */
@Provider
@ConstrainedTo(RuntimeType.SERVER) // not the REST clients' answers from the provider and the carrier
public class BodySizeLimitFilter implements ReaderInterceptor {

    public static final int MAX_BODY_BYTES = 64 * 1024;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        // a body with a Content-Length and no Transfer-Encoding is no longer than it says (the HTTP/1 and HTTP/2
        // codecs hold it to that), and RequestLimits has refused a length over the limit; one sent chunked as well is
        // read as chunks whatever length it gives (RequestLimits refuses the HTTP/1.0 requests that could): counted
        if (context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH) == null
                || context.getHeaders().containsKey("Transfer-Encoding")) {
            byte[] body = context.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge("The body has more than " + MAX_BODY_BYTES + " bytes");
            }
            context.setInputStream(new ByteArrayInputStream(body));
        }
        try {
            return context.proceed();
        } catch (JsonProcessingException e) {
            throw new UnreadableBody(e);
        } catch (WebApplicationException e) {
            // Quarkus's JSON reader turns a syntax error into a 400 of its own
            throw e.getCause() instanceof JsonProcessingException ? new UnreadableBody(e) : e;
        }
    }

    static HttpProblem tooLarge(String detail) {
        return Problems.of(ProblemType.BODY_TOO_LARGE)
                .withDetail(detail + "; at most " + MAX_BODY_BYTES + " are accepted").build();
    }
}
