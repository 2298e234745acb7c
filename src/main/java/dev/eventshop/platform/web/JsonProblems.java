package dev.eventshop.platform.web;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemContext;
import io.quarkiverse.resteasy.problem.postprocessing.ProblemPostProcessor;

/**
 * A request body that is not the JSON asked for gets one kind of 400 problem (Jackson's exceptions reach the mappers
 * wrapped in an {@link UnreadableBody} where a body is read; any other is the server's own failure, a 500):
 * {@code json-syntax} with the line and
 * column for text that is not JSON, {@code json-mismatch} with the field as a JSON pointer for JSON of the wrong
 * shape. The detail names no Java type.
 */
@ApplicationScoped
public class JsonProblems implements ProblemPostProcessor {

    @Override
    public int priority() {
        return 200; // before the defaults and the log line
    }

    @Override
    public HttpProblem apply(HttpProblem problem, ProblemContext context) {
        JsonProcessingException json = jsonCause(context.cause);
        if (json == null || problem.getStatusCode() >= 500) {
            return problem;
        }
        if (json instanceof InvalidDefinitionException || !isRequestBody(context.cause)) {
            // writing a response or reading our own data failed, or a type cannot be read at all: a bug of ours
            return Problems.of(ProblemType.SERVER_ERROR).withInstance(problem.getInstance()).build();
        }
        HttpProblem.Builder builder = HttpProblem.builder().withStatus(400).withInstance(problem.getInstance());
        // something after the document is a syntax error, though the mapper is the one to notice
        boolean trailing = json.getOriginalMessage() != null && json.getOriginalMessage().startsWith("Trailing token");
        if (json instanceof JsonMappingException mapping && !(json instanceof StreamReadException) && !trailing) {
            String pointer = pointer(mapping.getPath());
            String expected = json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? expected(mismatch.getTargetType()) : "a value of another shape";
            builder.withType(ProblemType.JSON_MISMATCH.uri()).withTitle(ProblemType.JSON_MISMATCH.title())
                    .withDetail((pointer.isEmpty() ? "The body" : pointer) + " must be " + expected)
                    .with("errors", List.of(new FieldError(pointer.isEmpty() ? "body" : pointer, "must be " + expected)))
                    .with("pointer", pointer);
        } else {
            JsonLocation at = json.getLocation() == null && json.getProcessor() instanceof JsonParser parser
                    ? parser.currentLocation() : json.getLocation();
            String why = json instanceof StreamConstraintsException ? "nested deeper than " + StrictJson.MAX_DEPTH
                    + " levels" : reason(json.getOriginalMessage());
            builder.withType(ProblemType.JSON_SYNTAX.uri()).withTitle(ProblemType.JSON_SYNTAX.title())
                    .withDetail(at == null ? "The body is not JSON: " + why
                            : "The body is not JSON at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": "
                                    + why);
            if (at != null) {
                builder.with("line", at.getLineNr()).with("column", at.getColumnNr());
            }
            if (json.getProcessor() instanceof JsonParser parser) {
                builder.with("pointer", parser.getParsingContext().pathAsPointer().toString());
            }
        }
        return builder.build();
    }

    private static boolean isRequestBody(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnreadableBody) {
                return true;
            }
        }
        return false;
    }

    private static JsonProcessingException jsonCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json;
            }
        }
        return null;
    }

    /** RFC 6901: each property or index, {@code ~} and {@code /} escaped. */
    static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            pointer.append('/');
            if (step.getFieldName() != null) {
                pointer.append(step.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (step.getIndex() >= 0) {
                pointer.append(step.getIndex());
            }
        }
        return pointer.toString();
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    /** Jackson's message up to its source excerpt, without Java type names. */
    private static String reason(String message) {
        if (message == null) {
            return "unreadable";
        }
        String first = message.lines().findFirst().orElse(message);
        return first.replaceAll("\\(for [^)]*\\)", "").replaceAll("`[a-zA-Z0-9_.$]+`", "value").trim();
    }
}
