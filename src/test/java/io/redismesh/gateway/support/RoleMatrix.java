package io.redismesh.gateway.support;

import static io.redismesh.gateway.namespace.Action.LOCK;
import static io.redismesh.gateway.namespace.Action.PUBLISH;
import static io.redismesh.gateway.namespace.Action.READ;
import static io.redismesh.gateway.namespace.Action.SUBSCRIBE;
import static io.redismesh.gateway.namespace.Action.WRITE;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.namespace.Action;

/**
 * The role matrix: every {@code /v1} operation the gateway serves (read from its own OpenAPI
 * document) is called in namespace {@value #NAMESPACE}, which grants each action to its own role,
 * with a token holding each one of those roles: only the token for the operation's action gets
 * through, every other one is a 403 {@code forbidden}. The same call in a namespace that grants
 * nothing is a 403, in an undeclared one a 404. The expected action of each operation is one row of
 * {@link #ACTIONS}: a new endpoint is a new row, and a served operation without a row fails.
 */
public final class RoleMatrix {

    /** Declared in application.properties (%test) with {@link #roleFor} roles; {@value #SEALED} grants nothing. */
    public static final String NAMESPACE = "matrix";
    public static final String SEALED = "sealed";
    private static final String UNDECLARED = "nowhere";
    private static final Set<String> METHODS = Set.of("get", "head", "put", "post", "patch", "delete");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One row per operation: method and path template with every parameter written {@code {}}. Rows
     * for operations not served yet are the contract's (API.md), waiting for their endpoints.
     */
    static final Map<String, Action> ACTIONS = rows(
            "GET /v1/namespaces/{}/keys", READ,
            "GET /v1/namespaces/{}/keys/{}", READ,
            "HEAD /v1/namespaces/{}/keys/{}", READ,
            "PUT /v1/namespaces/{}/keys/{}", WRITE,
            "DELETE /v1/namespaces/{}/keys/{}", WRITE,
            "GET /v1/namespaces/{}/keys/{}/ttl", READ,
            "PUT /v1/namespaces/{}/keys/{}/ttl", WRITE,
            "DELETE /v1/namespaces/{}/keys/{}/ttl", WRITE,
            "POST /v1/namespaces/{}/keys/{}/increment", WRITE,
            "POST /v1/namespaces/{}/keys:batchGet", READ,
            "POST /v1/namespaces/{}/keys:batchPut", WRITE,
            "GET /v1/namespaces/{}/hashes/{}", READ,
            "PUT /v1/namespaces/{}/hashes/{}", WRITE,
            "PATCH /v1/namespaces/{}/hashes/{}", WRITE,
            "DELETE /v1/namespaces/{}/hashes/{}", WRITE,
            "GET /v1/namespaces/{}/hashes/{}/fields", READ,
            "GET /v1/namespaces/{}/hashes/{}/fields/{}", READ,
            "PUT /v1/namespaces/{}/hashes/{}/fields/{}", WRITE,
            "DELETE /v1/namespaces/{}/hashes/{}/fields/{}", WRITE,
            "GET /v1/namespaces/{}/lists/{}/items", READ,
            "POST /v1/namespaces/{}/lists/{}/items", WRITE,
            "POST /v1/namespaces/{}/lists/{}/items:pop", WRITE,
            "GET /v1/namespaces/{}/sets/{}/members", READ,
            "GET /v1/namespaces/{}/sets/{}/members/{}", READ,
            "PUT /v1/namespaces/{}/sets/{}/members/{}", WRITE,
            "DELETE /v1/namespaces/{}/sets/{}/members/{}", WRITE,
            "GET /v1/namespaces/{}/sorted-sets/{}/members/{}", READ,
            "PUT /v1/namespaces/{}/sorted-sets/{}/members/{}", WRITE,
            "DELETE /v1/namespaces/{}/sorted-sets/{}/members/{}", WRITE,
            "POST /v1/namespaces/{}/sorted-sets/{}/members/{}/increment", WRITE,
            "GET /v1/namespaces/{}/sorted-sets/{}/range", READ,
            "GET /v1/namespaces/{}/locks/{}", LOCK,
            "POST /v1/namespaces/{}/locks/{}/leases", LOCK,
            "PUT /v1/namespaces/{}/locks/{}/leases/{}", LOCK,
            "DELETE /v1/namespaces/{}/locks/{}/leases/{}", LOCK,
            "GET /v1/namespaces/{}/locks/{}/leases/{}/events", LOCK,
            "GET /v1/namespaces/{}/semaphores/{}", LOCK,
            "POST /v1/namespaces/{}/semaphores/{}/leases", LOCK,
            "PUT /v1/namespaces/{}/semaphores/{}/leases/{}", LOCK,
            "DELETE /v1/namespaces/{}/semaphores/{}/leases/{}", LOCK,
            "GET /v1/namespaces/{}/semaphores/{}/leases/{}/events", LOCK,
            "POST /v1/namespaces/{}/channels/{}/messages", PUBLISH,
            "GET /v1/namespaces/{}/channels/{}/events", SUBSCRIBE,
            "GET /v1/namespaces/{}/channels/events", SUBSCRIBE,
            "POST /v1/namespaces/{}/streams/{}/messages", PUBLISH,
            "GET /v1/namespaces/{}/streams/{}/messages", SUBSCRIBE,
            "GET /v1/namespaces/{}/streams/{}/messages/{}", SUBSCRIBE,
            "GET /v1/namespaces/{}/streams/{}/events", SUBSCRIBE,
            "PUT /v1/namespaces/{}/streams/{}/groups/{}", SUBSCRIBE,
            "POST /v1/namespaces/{}/streams/{}/groups/{}/claims", SUBSCRIBE,
            "POST /v1/namespaces/{}/streams/{}/groups/{}/acks", SUBSCRIBE);

    private RoleMatrix() {
    }

    /** The role namespace {@value #NAMESPACE} grants for {@code action}: matrix-reader, matrix-writer, ... */
    public static String roleFor(Action action) {
        return switch (action) {
            case READ -> "matrix-reader";
            case WRITE -> "matrix-writer";
            case LOCK -> "matrix-locker";
            case PUBLISH -> "matrix-publisher";
            case SUBSCRIBE -> "matrix-subscriber";
        };
    }

    /**
     * Runs the matrix against the gateway at {@code base}.
     *
     * @param tokens a valid token per action, holding only {@link #roleFor} that action
     * @param withoutRole a valid token holding none of the namespace's roles
     * @return the operations checked, for the test to report
     */
    public static List<String> verify(URI base, Map<Action, String> tokens, String withoutRole) {
        List<String> operations = servedOperations(base);
        List<Executable> checks = new ArrayList<>();
        for (String operation : operations) {
            Action needed = ACTIONS.get(normalised(operation));
            if (needed == null) {
                checks.add(() -> fail("no role-matrix row for " + operation + ": add one to RoleMatrix.ACTIONS"));
                continue;
            }
            for (Action action : Action.values()) {
                String token = tokens.get(action);
                if (action == needed) {
                    checks.add(() -> assertAllowed(call(base, operation, NAMESPACE, token), operation + " with " + roleFor(action)));
                    checks.add(() -> assertForbidden(call(base, operation, SEALED, token), operation + " in " + SEALED));
                    checks.add(() -> assertEquals(404, call(base, operation, UNDECLARED, token).status(), operation + " in " + UNDECLARED));
                } else {
                    checks.add(() -> assertForbidden(call(base, operation, NAMESPACE, token), operation + " with " + roleFor(action)));
                }
            }
            checks.add(() -> assertForbidden(call(base, operation, NAMESPACE, withoutRole), operation + " without a role"));
        }
        assertAll(checks.stream());
        return operations;
    }

    /** Every /v1 operation of the served OpenAPI document, as "METHOD /path/{param}". */
    public static List<String> servedOperations(URI base) {
        try {
            HttpResponse<String> spec = HTTP.send(HttpRequest.newBuilder(base.resolve("/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, spec.statusCode(), "GET /q/openapi");
            List<String> operations = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> paths = JSON.readTree(spec.body()).get("paths").fields();
            paths.forEachRemaining(path -> {
                if (path.getKey().startsWith("/v1/")) {
                    path.getValue().fieldNames().forEachRemaining(method -> {
                        if (METHODS.contains(method)) {
                            operations.add(method.toUpperCase() + " " + path.getKey());
                        }
                    });
                }
            });
            assertTrue(operations.size() >= 30, "served operations: " + operations);
            return operations;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot read the served OpenAPI document", e);
        }
    }

    /** Status and, for errors, the problem type of one call; streams are closed once the headers are in. */
    public record Answer(int status, String problemType) {
    }

    public static Answer call(URI base, String operation, String namespace, String token) throws IOException, InterruptedException {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{ns}", namespace).replaceAll("\\{[^}]+}", "x");
        boolean withBody = Set.of("PUT", "POST", "PATCH").contains(method);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, withBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (withBody) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() < 400 || method.equals("HEAD")) {
                return new Answer(response.statusCode(), null);
            }
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode type = text.isBlank() ? null : JSON.readTree(text).get("type");
            return new Answer(response.statusCode(), type == null ? null : type.asText());
        }
    }

    private static void assertAllowed(Answer answer, String what) {
        assertTrue(answer.status() != 401 && answer.status() != 403 && answer.status() < 500, what + " answered " + answer);
    }

    /** 403 with the forbidden problem (a HEAD answer has no body to carry it). */
    private static void assertForbidden(Answer answer, String what) {
        assertEquals(new Answer(403, what.startsWith("HEAD ") ? null : "/problems/forbidden"), answer, what);
    }

    private static String normalised(String operation) {
        return operation.replaceAll("\\{[^}]+}", "{}");
    }

    private static Map<String, Action> rows(Object... pairs) {
        Map<String, Action> rows = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (rows.put((String) pairs[i], (Action) pairs[i + 1]) != null) {
                throw new IllegalStateException("two rows for " + pairs[i]);
            }
        }
        return rows;
    }

    /** A token per action, each holding only that action's role. */
    public static Map<Action, String> tokensPerAction(Function<String, String> tokenWithRole) {
        return Arrays.stream(Action.values()).collect(Collectors.toMap(action -> action, action -> tokenWithRole.apply(roleFor(action))));
    }
}
