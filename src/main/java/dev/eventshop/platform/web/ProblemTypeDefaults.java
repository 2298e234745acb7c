package dev.eventshop.platform.web;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;

/**
 * Problems raised by the framework (malformed JSON, unsupported media type, unknown paths) get a {@code type} and a
 * {@code detail} too, so that every error a client sees has the same four fields.
 */
@ApplicationScoped
public class ProblemTypeDefaults implements ProblemPostProcessor {

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        if (problem.getType() != null && problem.getDetail() != null) {
            return problem;
        }
        HttpProblem.Builder builder = HttpProblem.builder(problem);
        if (problem.getType() == null) {
            builder.withType(URI.create("https://eventshop.dev/problems/http-" + problem.getStatusCode()));
        }
        if (problem.getDetail() == null) {
            builder.withDetail(problem.getTitle());
        }
        return builder.build();
    }
}
