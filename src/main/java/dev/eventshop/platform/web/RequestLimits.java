package dev.eventshop.platform.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Limits every request meets before any route, each refusal a problem document: a URI that {@link URI} refuses or a
 * query that is not valid percent-encoding (400; the HTTP server's own check is off, see {@link EventshopMain}), a
 * request line over 8 KiB (414),
 * headers over 16 KiB (431), a body over 64 KiB (413: by its Content-Length, or counted as it arrives when sent
 * chunked over HTTP/1.1), a control character in the path (404: no resource can have one in its name) or in a query parameter (422
 * naming it; PostgreSQL cannot even store a NUL). Netty's own limits, which answer with an empty
 * body, are set well above these ({@code quarkus.http.limits.*}), so only requests far past them meet a bare answer.
 */
@ApplicationScoped
public class RequestLimits {

    public static final int MAX_REQUEST_LINE = 8 * 1024;
    public static final int MAX_HEADERS = 16 * 1024;
    /** A percent-encoded C0 or C1 control character, or DEL, in a raw path. */
    private static final Pattern ENCODED_CONTROL = Pattern.compile("(?i)%(?:[01][0-9a-f]|7f|c2%[89][0-9a-f])");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    /**
     * Reads a body sent without a length (chunked) up to the limit before the REST layer does: the REST layer would
     * read up to {@code max-body-size} and answer anything over it with an empty 413. Its failure is ours to answer.
     */
    private final BodyHandler chunkedBodies = BodyHandler.create(false)
            .setBodyLimit(BodySizeLimitFilter.MAX_BODY_BYTES);

    void install(@Observes Router router) {
        // before every other route (forwarding, Vert.x's own body cap, anything that decodes the query and would
        // answer a bad one with an empty 400): a moved module's paths meet the same limits
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        // after forwarding (which streams a moved module's bodies on, to be limited where they are read), before the
        // REST layer, which reads a body already read from the routing context
        router.route().order(ModuleForwarding.ROUTE_ORDER + 1).handler(this::readChunkedBody);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::bodyTooLarge);
    }

    private void readChunkedBody(RoutingContext context) {
        // HTTP/1.1 only: the REST layer pauses every request it takes, which an HTTP/2 stream already read refuses
        // (a 500 for each GET); over HTTP/2 the REST layer counts the body itself (BodySizeLimitFilter)
        HttpServerRequest request = context.request();
        if (request.version() != HttpVersion.HTTP_2 && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true)) {
            chunkedBodies.handle(context);
        } else {
            context.next();
        }
    }

    private void bodyTooLarge(RoutingContext context) {
        if (context.statusCode() == 413 && context.failure() == null && !context.response().headWritten()) {
            if (context.request().version() != HttpVersion.HTTP_2) {
                // the rest of the body would still be read, and thrown away, however long it is (an HTTP/2
                // connection carries other streams: it stays open)
                endsConnection(context);
            }
            Problems.end(context, BodySizeLimitFilter.tooLarge("The body has more than "
                    + BodySizeLimitFilter.MAX_BODY_BYTES + " bytes"));
        } else {
            context.next();
        }
    }

    /** The answer about to be sent is the connection's last: it says so, and the connection closes once it is sent. */
    private static void endsConnection(RoutingContext context) {
        context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        context.response().endHandler(ended -> context.request().connection().close());
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        String uri = request.uri();
        int line = request.method().name().length() + uri.length() + 10;
        if (line > MAX_REQUEST_LINE) {
            Problems.end(context, Problems.of(ProblemType.URI_TOO_LONG).withDetail("The request line has " + line
                    + " characters; at most " + MAX_REQUEST_LINE + " are accepted").build());
            return;
        }
        int headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headers > MAX_HEADERS) {
            Problems.end(context, Problems.of(ProblemType.HEADERS_TOO_LARGE).withDetail("The headers have " + headers
                    + " bytes; at most " + MAX_HEADERS + " are accepted").build());
            return;
        }
        try {
            new URI(uri);
        } catch (URISyntaxException refused) {
            Problems.end(context, Problems.of(ProblemType.BAD_REQUEST).withDetail("The request URI is not valid: "
                    + refused.getReason() + " at index " + refused.getIndex()).build());
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_0 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            // RFC 9112 6.1: its framing cannot be trusted (the body is read as chunks while a Content-Length beside
            // them would still be believed, here and by a module this request is forwarded to), so the connection ends
            endsConnection(context);
            Problems.end(context, Problems.of(ProblemType.BAD_REQUEST)
                    .withDetail("An HTTP/1.0 request cannot have a Transfer-Encoding").build());
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && DIGITS.matcher(length).matches()
                && (length.length() > 18 || Long.parseLong(length) > BodySizeLimitFilter.MAX_BODY_BYTES)) {
            // before Vert.x's own cap on bodies (max-body-size), which answers with an empty 413
            Problems.end(context, BodySizeLimitFilter.tooLarge("The body has " + length + " bytes"));
            return;
        }
        String path = request.path();
        if (path != null && (ENCODED_CONTROL.matcher(path).find() || !PlainText.Validator.isPlain(path))) {
            Problems.end(context, Problems.notFound("No resource has a control character in its path"));
            return;
        }
        if (request.query() != null) {
            MultiMap parameters;
            try {
                parameters = context.queryParams();
            } catch (RuntimeException undecodable) {
                // Vert.x turns the decoder's IllegalArgumentException into its own 400 HttpException
                Problems.end(context, Problems.of(ProblemType.BAD_REQUEST)
                        .withDetail("The query string is not valid percent-encoding").build());
                return;
            }
            for (Map.Entry<String, String> parameter : parameters) {
                if (!PlainText.Validator.isPlain(parameter.getKey())
                        || !PlainText.Validator.isPlain(parameter.getValue())) {
                    Problems.end(context, Problems.invalid(List.of(new FieldError(parameter.getKey(),
                            "must not contain control characters"))));
                    return;
                }
            }
        }
        context.next();
    }
}
