package io.redismesh.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problems every {@code /v1} operation can answer, in one place instead of on every
 * resource (registered as {@code mp.openapi.filter}). An operation's own description of a status wins;
 * every error response gets the problem+json body.
 */
public class ProblemResponses implements OASFilter {

    private static final Map<String, String> EVERY_OPERATION = new LinkedHashMap<>();

    static {
        EVERY_OPERATION.put("400", "invalid name, parameter or body (bad-request, invalid-name)");
        EVERY_OPERATION.put("401", "missing or invalid bearer token (unauthorized), with WWW-Authenticate: Bearer");
        EVERY_OPERATION.put("403", "the token lacks the namespace's role for this action (forbidden)");
        EVERY_OPERATION.put("404", "no such namespace (namespace-not-found) or key (key-not-found)");
        EVERY_OPERATION.put("409", "the key holds another Redis type (wrong-type)");
        EVERY_OPERATION.put("503", "Redis unavailable, or a read slower than the timeout (backend-unavailable), with Retry-After: "
                + "nothing was done");
        EVERY_OPERATION.put("504", "a write Redis did not confirm within the timeout (outcome-unknown): it may or may not have "
                + "been applied");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                item.getOperations().values().forEach(operation -> addMissing(operation.getResponses()));
            }
        });
    }

    private static void addMissing(APIResponses responses) {
        EVERY_OPERATION.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.compareTo("400") >= 0 && response.getContent() == null) {
                response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
            }
        });
    }
}
