package dev.eventshop.platform.web;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the errors every operation can answer with, once: each error response is an
 * {@code application/problem+json} document (with an example of its catalogue type; the sandboxes' own errors stay in
 * the format of the third party they stand in for), an operation that reads a body
 * can answer 400 (not JSON, or JSON of the wrong shape), 413 and 415, and any operation 500. The annotations on a
 * resource say only what is particular to it (404 for an unknown id, 409 for a state that does not allow it).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP, priority = Integer.MIN_VALUE)
public class OpenApiProblems implements OASFilter {

    static final String PROBLEM = "application/problem+json";
    private static final String SCHEMA = "#/components/schemas/HttpProblem";
    /** Statuses the platform answers for any operation, whatever the resource says for itself. */
    private static final java.util.Set<Integer> FRAMEWORK = java.util.Set.of(400, 401, 403, 413, 415, 500);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().getOperations().entrySet()) {
                Operation operation = entry.getValue();
                APIResponses responses = operation.getResponses();
                if (responses == null) {
                    responses = OASFactory.createAPIResponses();
                    operation.setResponses(responses);
                }
                if (operation.getRequestBody() != null) {
                    add(responses, ProblemType.JSON_SYNTAX, "The body is not JSON, or JSON of the wrong shape");
                    add(responses, ProblemType.BODY_TOO_LARGE, ProblemType.BODY_TOO_LARGE.meaning());
                    add(responses, ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemType.UNSUPPORTED_MEDIA_TYPE.meaning());
                }
                add(responses, ProblemType.SERVER_ERROR, ProblemType.SERVER_ERROR.meaning());
                for (Map.Entry<String, APIResponse> response : responses.getAPIResponses().entrySet()) {
                    if (response.getKey().matches("[45]\\d\\d")) {
                        asProblem(response.getValue(), Integer.parseInt(response.getKey()), path.getKey());
                    }
                }
            }
        }
    }

    private static void add(APIResponses responses, ProblemType type, String description) {
        String code = String.valueOf(type.status());
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    /** Every error is a problem document; the example shows the catalogue's type for its status. */
    private static void asProblem(APIResponse response, int status, String path) {
        ProblemType type = ProblemType.ofStatus(status);
        Map<String, Object> example = Map.of("type", type.uri().toString(), "title", type.title(),
                "status", status, "detail", type.meaning(), "instance", path);
        boolean own = response.getContent() != null && !response.getContent().getMediaTypes().isEmpty()
                && !response.getContent().hasMediaType(PROBLEM);
        if (own && !FRAMEWORK.contains(status)) {
            // a sandbox's error in the third party's own format, which it stands in for
            return;
        }
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        if (!response.getContent().hasMediaType(PROBLEM)) {
            response.getContent().addMediaType(PROBLEM, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref(SCHEMA)));
        }
        var media = response.getContent().getMediaType(PROBLEM);
        if (media.getExample() == null) {
            media.setExample(example);
        }
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(type.meaning());
        }
    }
}
