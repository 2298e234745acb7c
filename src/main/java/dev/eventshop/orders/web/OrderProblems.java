package dev.eventshop.orders.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.eventshop.orders.application.OrderRejected;
import dev.eventshop.platform.web.FieldError;
import dev.eventshop.platform.web.Problems;
import io.quarkiverse.resteasy.problem.HttpProblem;

/** How each refusal of the orders module is answered over HTTP. */
public class OrderProblems {

    @ServerExceptionMapper
    public Response rejected(OrderRejected rejected, UriInfo uri) {
        HttpProblem problem;
        if (rejected instanceof OrderRejected.UnknownOrder) {
            problem = Problems.notFound(rejected.getMessage());
        } else if (rejected instanceof OrderRejected.Invalid invalid) {
            problem = Problems.invalid(invalid.fields().stream()
                    .map(field -> new FieldError(field.name(), field.message())).toList());
        } else {
            problem = Problems.conflict(rejected.getMessage());
        }
        return Problems.respond(problem, rejected, uri.getPath());
    }
}
