package dev.eventshop.platform.web;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;

/**
 * Problems raised by the framework (unsupported media type, unknown paths, a wrong method, a bug) get a {@code type}
 * from the catalogue ({@link ProblemType}) and a {@code detail} too, so that every error a client sees has the same
 * five fields ({@code instance} comes from the extension's own defaults). A 5xx also carries the request's trace id,
 * the key to its log lines: the body never says more about what failed.
 */
@ApplicationScoped
public class ProblemTypeDefaults implements ProblemPostProcessor {

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        if (problem.getStatusCode() == 500 && problem.getType() == null && unreachable(context.cause)) {
            // the database is down or refusing connections: the client may retry, nothing of theirs is wrong
            problem = Problems.of(ProblemType.UNAVAILABLE).withInstance(problem.getInstance())
                    .withHeader("Retry-After", 5).build();
        }
        boolean serverError = problem.getStatusCode() >= 500;
        if (problem.getType() != null && problem.getDetail() != null && !serverError) {
            return problem;
        }
        HttpProblem.Builder builder = HttpProblem.builder(problem);
        if (problem.getType() == null) {
            // the catalogue's title too, not the HTTP reason phrase the framework put there
            ProblemType type = ProblemType.ofStatus(problem.getStatusCode());
            builder.withType(type.uri()).withTitle(type.title());
        }
        String traceId = Span.current().getSpanContext().isValid() ? Span.current().getSpanContext().getTraceId()
                : null;
        if (serverError && traceId != null && !problem.getParameters().containsKey("traceId")) {
            builder.with("traceId", traceId);
        }
        if (problem.getDetail() == null) {
            builder.withDetail(serverError && traceId != null
                    ? problem.getTitle() + "; the log lines of trace " + traceId + " say what failed"
                    : problem.getTitle());
        }
        return builder.build();
    }

    /** A connection that could not be made or was lost, or PostgreSQL shutting down or out of connections. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true;
            }
            // the raw client's own exception, or what Hibernate Reactive makes of it (the SQL state kept, the cause not)
            String state = t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState()
                    : t instanceof java.sql.SQLException sql ? sql.getSQLState() : null;
            if (state != null && (state.startsWith("57P") || state.startsWith("53"))) {
                return true;
            }
        }
        return false;
    }
}
