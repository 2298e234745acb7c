package dev.eventshop.platform.web;

import java.net.URI;
import java.util.List;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * RFC 9457 problem details for the cases every module meets. Each problem type has a stable URI an API client can
 * switch on; the extension renders them as {@code application/problem+json}.
 */
public final class Problems {

    public static final URI VALIDATION = URI.create("https://eventshop.dev/problems/validation");
    public static final URI NOT_FOUND = URI.create("https://eventshop.dev/problems/not-found");
    public static final URI CONFLICT = URI.create("https://eventshop.dev/problems/conflict");
    public static final URI FORBIDDEN = URI.create("https://eventshop.dev/problems/forbidden");

    private Problems() {
    }

    /** 422: the request is well-formed JSON but its content is not acceptable; {@code errors} names each field. */
    public static HttpProblem invalid(List<FieldError> errors) {
        return HttpProblem.builder()
                .withType(VALIDATION)
                .withStatus(422)
                .withTitle("Invalid request")
                .withDetail(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid")
                .with("errors", errors)
                .build();
    }

    public static HttpProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static HttpProblem notFound(String detail) {
        return HttpProblem.builder().withType(NOT_FOUND).withStatus(404).withTitle("Not found").withDetail(detail)
                .build();
    }

    /** 403: the caller is known but may not do this. */
    public static HttpProblem forbidden(String detail) {
        return HttpProblem.builder().withType(FORBIDDEN).withStatus(403).withTitle("Forbidden").withDetail(detail)
                .build();
    }

    public static HttpProblem conflict(String detail) {
        return HttpProblem.builder().withType(CONFLICT).withStatus(409).withTitle("Conflict").withDetail(detail)
                .build();
    }

    /** A query parameter holding an ISO-8601 instant; null when absent or blank, a 422 problem when malformed. */
    public static java.time.Instant instantParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw invalid(name, "must be an ISO-8601 instant, e.g. 2026-12-04T10:15:30Z");
        }
    }
}
