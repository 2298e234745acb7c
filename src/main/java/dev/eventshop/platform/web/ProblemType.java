package dev.eventshop.platform.web;

import java.net.URI;

/**
 * The one catalogue of problem {@code type}s this API answers with. A client switches on the type, not on the text;
 * README's "Problem types" table documents each one (ModulesDocumentationTest keeps the two in step).
 */
public enum ProblemType {

    BAD_REQUEST("bad-request", 400, "Bad request", "The request cannot be read as HTTP asks"),
    JSON_SYNTAX("json-syntax", 400, "Malformed JSON",
            "The body is not JSON; line and column say where it stopped being JSON"),
    JSON_MISMATCH("json-mismatch", 400, "JSON of the wrong shape",
            "The body is JSON, but a value has the wrong type (a string for a number, a fraction for an integer); "
                    + "pointer names it"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized", "No valid bearer token was sent"),
    FORBIDDEN("forbidden", 403, "Forbidden", "The token is valid but its role or customer may not do this"),
    NOT_FOUND("not-found", 404, "Not found", "No such resource, or one this caller may not see"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed",
            "The resource exists but does not answer this method"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable",
            "The resource cannot answer in a media type the Accept header allows"),
    CONFLICT("conflict", 409, "Conflict",
            "The request is valid but the resource's state does not allow it now (an order already shipped, "
                    + "an Idempotency-Key still in progress)"),
    BODY_TOO_LARGE("body-too-large", 413, "Request body too large", "The body is over 64 KiB"),
    URI_TOO_LONG("uri-too-long", 414, "URI too long", "The request line is over 8 KiB"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type",
            "The body's Content-Type is not one the resource reads (application/json)"),
    VALIDATION("validation", 422, "Invalid request",
            "Well-formed, but a field, parameter or header is not acceptable; errors names each one"),
    HEADERS_TOO_LARGE("headers-too-large", 431, "Request headers too large", "The headers are over 16 KiB"),
    SERVER_ERROR("server-error", 500, "Internal server error",
            "Something failed that should not have; the log line with this request's trace id says what"),
    UNAVAILABLE("unavailable", 503, "Service unavailable",
            "Something this request needs (the database, a broker) is not answering now; retry later"),
    MODULE_ELSEWHERE("module-elsewhere", 503, "Module not served here",
            "The module that owns this path does not run in this process and no URL to forward to is set"),
    FORWARDING_LOOP("forwarding-loop", 508, "Forwarding loop",
            "Two processes forward this module's paths to each other");

    private static final String BASE = "https://eventshop.dev/problems/";

    private final URI uri;
    private final int status;
    private final String title;
    private final String meaning;

    ProblemType(String slug, int status, String title, String meaning) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
        this.title = title;
        this.meaning = meaning;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** When a client meets this type: the sentence README shows. */
    public String meaning() {
        return meaning;
    }

    /** The general type of a problem the framework raised with only a status (a 405 from routing, a 500 from a bug). */
    public static ProblemType ofStatus(int status) {
        for (ProblemType type : values()) {
            // where a status has several types, the general one comes first
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? SERVER_ERROR : BAD_REQUEST;
    }
}
