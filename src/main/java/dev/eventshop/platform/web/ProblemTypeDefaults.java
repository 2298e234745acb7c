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
        boolean serverError = problem.getStatusCode() >= 500;
        if (problem.getType() != null && problem.getDetail() != null && !serverError) {
            return problem;
        }
        HttpProblem.Builder builder = HttpProblem.builder(problem);
        if (problem.getType() == null) {
            builder.withType(ProblemType.ofStatus(problem.getStatusCode()).uri());
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
}
