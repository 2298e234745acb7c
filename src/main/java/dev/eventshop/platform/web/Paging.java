package dev.eventshop.platform.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.eventshop.platform.query.Cursor;
import dev.eventshop.platform.query.Page;
import io.smallrye.mutiny.Uni;

/**
 * The HTTP side of a paged listing: {@code limit} (default 50, at most 200) and {@code cursor} query parameters, the
 * page's items as the body and the next page as a {@code Link: <…>; rel="next"} header (RFC 8288), absent on the
 * last page. The link is relative (path and query), so it holds behind a proxy and through module forwarding.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private Paging() {
    }

    /** The {@code limit} parameter; taken as text so that {@code limit=abc} is a 422 naming it, not a 404. */
    public static int limit(String value) {
        return limit(value, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** A {@code limit} parameter with its own default and maximum. */
    public static int limit(String value, int defaultLimit, int maxLimit) {
        if (value == null || value.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the same answer as out of range
        }
        throw Problems.invalid("limit", "must be an integer from 1 to " + maxLimit);
    }

    /**
     * Reads a page and answers with it: a cursor the listing did not give out (the read throws
     * {@link Cursor.InvalidCursor}, at once or later) is a 422 naming {@code cursor}.
     */
    public static <T> Uni<Response> respond(Supplier<Uni<Page<T>>> read, UriInfo uri) {
        return Uni.createFrom().<Page<T>>deferred(read::get)
                .onFailure(Cursor.InvalidCursor.class).transform(invalid -> invalidCursor())
                .map(page -> respond(page, uri));
    }

    private static <T> Response respond(Page<T> page, UriInfo uri) {
        Response.ResponseBuilder response = Response.ok(page.items());
        if (page.next() != null) {
            StringBuilder next = new StringBuilder(uri.getRequestUri().getRawPath()).append('?');
            for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
                if (!parameter.getKey().equals("cursor")) {
                    for (String value : parameter.getValue()) {
                        next.append(encode(parameter.getKey())).append('=').append(encode(value)).append('&');
                    }
                }
            }
            next.append("cursor=").append(page.next());
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The problem for a cursor that this listing did not give out. */
    private static RuntimeException invalidCursor() {
        return Problems.invalid("cursor", "is not a cursor of this listing; start again without one");
    }
}
