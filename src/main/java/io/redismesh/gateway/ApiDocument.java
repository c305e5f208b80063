package io.redismesh.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import io.redismesh.gateway.problem.ProblemResponses;

/**
 * Completes the generated spec so that tools accept it (registered as {@code mp.openapi.filter}):
 * a stable {@code operationId} from each operation's method and path, a schema on every response
 * header, and the problems every {@code /v1} operation can answer.
 */
public class ApiDocument implements OASFilter {

    private static final String NAMESPACE_PATH = "/v1/namespaces/{ns}";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            operation.setOperationId(operationId(method.name(), path));
            if (path.startsWith("/v1/")) {
                ProblemResponses.addShared(operation.getResponses());
            }
            ProblemResponses.describeErrors(operation.getResponses(), openAPI.getComponents());
            operation.getResponses().getAPIResponses().values().forEach(response -> {
                if (response.getHeaders() != null) {
                    response.getHeaders().values().forEach(ApiDocument::typed);
                }
            });
        }));
    }

    /**
     * {@code GET /v1/namespaces/{ns}/lists/{key}/items} → {@code getListItems}: the method, then the
     * path's words, a collection named before one of its members in the singular. Derived from the
     * contract, not from Java names, so refactoring never renames a client's methods.
     */
    static String operationId(String method, String path) {
        String rest = path.startsWith(NAMESPACE_PATH) ? path.substring(NAMESPACE_PATH.length()) : path;
        List<String> segments = new ArrayList<>(List.of(rest.split("[/:]")));
        segments.removeIf(String::isEmpty);
        StringBuilder id = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.startsWith("{")) {
                continue;
            }
            boolean member = i + 1 < segments.size() && segments.get(i + 1).startsWith("{");
            for (String word : (member ? singular(segment) : segment).split("-")) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }

    private static String singular(String plural) {
        if (plural.endsWith("shes")) {
            return plural.substring(0, plural.length() - 2);
        }
        return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
    }

    private static void typed(Header header) {
        if (header.getSchema() == null && header.getRef() == null) {
            header.setSchema(OASFactory.createSchema().addType(SchemaType.STRING));
        }
    }
}
