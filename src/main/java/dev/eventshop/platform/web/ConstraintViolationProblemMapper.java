package dev.eventshop.platform.web;

import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;

/**
 * Bean Validation failures on a request (Quarkus REST's own subtype, which would otherwise win) become the same 422 problem as the application's own checks, with
 * one {@code errors} entry per bad field named by its JSON path ({@code items[0].quantity}), not a Java method path.
 */
public class ConstraintViolationProblemMapper {

    @ServerExceptionMapper(value = ResteasyReactiveViolationException.class, priority = Priorities.USER - 100)
    public Response toResponse(ResteasyReactiveViolationException exception, UriInfo uri) {
        List<FieldError> errors = exception.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return Problems.respond(Problems.invalid(errors), exception, uri.getPath());
    }

    /** Drops the method and parameter nodes ({@code place.body.items[0].quantity} → {@code items[0].quantity}). */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.METHOD
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT) {
                continue;
            }
            if (field.length() > 0 && node.getName() != null) {
                field.append('.');
            }
            if (node.getName() != null) {
                field.append(node.getName());
            }
            if (node.isInIterable() && node.getIndex() != null) {
                int nameStart = field.length() - (node.getName() == null ? 0 : node.getName().length());
                // the index belongs to the container before this node: items[0].quantity
                field.insert(nameStart > 0 ? nameStart - 1 : 0, "[" + node.getIndex() + "]");
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }
}
