package dev.eventshop.platform.web;

import java.util.List;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * RFC 9457 problem details for the cases every module meets. Each problem type has a stable URI an API client can
 * switch on; the extension renders them as {@code application/problem+json}.
 */
public final class Problems {

    private Problems() {
    }

    /** 422: the request is well-formed JSON but its content is not acceptable; {@code errors} names each field. */
    public static HttpProblem invalid(List<FieldError> errors) {
        return of(ProblemType.VALIDATION)
                .withDetail(errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                        : errors.size() + " fields are invalid")
                .with("errors", errors)
                .build();
    }

    public static HttpProblem invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static HttpProblem notFound(String detail) {
        return of(ProblemType.NOT_FOUND).withDetail(detail).build();
    }

    /** 403: the caller is known but may not do this. */
    public static HttpProblem forbidden(String detail) {
        return of(ProblemType.FORBIDDEN).withDetail(detail).build();
    }

    public static HttpProblem conflict(String detail) {
        return of(ProblemType.CONFLICT).withDetail(detail).build();
    }

    /** A problem of this type with its status and title; the caller adds the detail. */
    public static HttpProblem.Builder of(ProblemType type) {
        return HttpProblem.builder().withType(type.uri()).withStatus(type.status()).withTitle(type.title());
    }

    /**
     * The response for a problem built outside an exception mapper (a filter, a mapper of our own), given the same
     * treatment as a thrown one: {@code instance}, the default type, the log line.
     */
    public static jakarta.ws.rs.core.Response respond(HttpProblem problem, Throwable cause, String path) {
        return io.quarkiverse.resteasy.problem.ExceptionMapperBase.postProcessorsRegistry
                .applyPostProcessing(problem, io.quarkiverse.resteasy.problem.postprocessing.ProblemContext
                        .of(cause == null ? problem : cause, path))
                .toResponse();
    }

    /**
     * Answers a request with a problem from a Vert.x route, before Quarkus REST is involved (limits, forwarding):
     * the same document a resource's problem would be, {@code instance} included.
     */
    public static void end(io.vertx.ext.web.RoutingContext context, HttpProblem problem) {
        io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject()
                .put("type", problem.getType().toString()).put("title", problem.getTitle())
                .put("status", problem.getStatusCode()).put("detail", problem.getDetail())
                .put("instance", context.request().path())
                .mergeIn(io.vertx.core.json.JsonObject.mapFrom(problem.getParameters()));
        context.response().setStatusCode(problem.getStatusCode())
                .putHeader("Content-Type", "application/problem+json").end(body.encode());
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
