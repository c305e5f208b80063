package io.redismesh.gateway.cache;

import static io.redismesh.gateway.support.Values.developer;
import static io.redismesh.gateway.support.Values.uniqueKey;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.security.AuditLog;
import io.redismesh.gateway.support.LogCapture;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The Vert.x fast path of value GET and PUT ({@link ValueFastPath}) answers exactly as the REST
 * resource: a token's first call goes to the resource (the token is not yet in the verified-token
 * cache), its second is served on the fast path, and both answers must be the same, status, headers,
 * body and audit line.
 */
@QuarkusTest
class ValueFastPathTest {

    private static final String VALUE = "/v1/namespaces/demo/keys/{key}";

    @Inject
    MeterRegistry meters;

    private LogCapture audit;

    @BeforeEach
    void captureAuditLog() {
        audit = LogCapture.of(AuditLog.CATEGORY);
    }

    @AfterEach
    void stopCapturing() {
        audit.close();
    }

    @Test
    void readFreshValue() {
        String key = uniqueKey();
        developer().body("hello").put(VALUE, key).then().statusCode(201);
        assertSameReads(key, request -> request, 200);
    }

    @Test
    void readValueWithTtl() {
        String key = uniqueKey();
        developer().body("hello").put(VALUE + "?ttl=PT60S", key).then().statusCode(201);
        assertSameReads(key, request -> request, 200);
    }

    @Test
    void readEmptyValue() {
        String key = uniqueKey();
        developer().body("").put(VALUE, key).then().statusCode(201);
        assertSameReads(key, request -> request, 200);
    }

    @Test
    void readNotModified() {
        String key = uniqueKey();
        String etag = developer().body("v").put(VALUE, key).then().extract().header("ETag");
        assertSameReads(key, request -> request.header("If-None-Match", etag), 304);
        assertSameReads(key, request -> request.header("If-None-Match", "W/" + etag + ", \"other\""), 304);
    }

    @Test
    void readMissingKeyProblem() {
        assertSameReads(uniqueKey(), request -> request, 404);
    }

    @Test
    void readWrongTypeProblem() {
        String key = uniqueKey();
        developer().contentType("application/json").body(Map.of("items", List.of("a"))).post("/v1/namespaces/demo/lists/{key}/items", key)
                .then().statusCode(200);
        assertSameReads(key, request -> request, 409);
    }

    @Test
    void writeCreatesAndReplaces() {
        assertSameWrites(key -> { }, request -> request.body("new"), 201);
        assertSameWrites(key -> developer().body("old").put(VALUE, key).then().statusCode(201), request -> request.body("new"), 204);
        assertSameWrites(key -> { }, request -> request.body("ttl").queryParam("ttl", "PT60S"), 201);
    }

    @Test
    void writePreconditionsAndBadInputAreTheSameProblems() {
        assertSameWrites(key -> developer().body("old").put(VALUE, key), request -> request.body("new").header("If-Match", "\"0000\""), 412);
        assertSameWrites(key -> developer().body("old").put(VALUE, key), request -> request.body("new").header("If-None-Match", "*"), 412);
        assertSameWrites(key -> { }, request -> request.body("new").queryParam("ttl", "soon"), 400);
        assertSameWrites(key -> { }, request -> request.body("new").queryParam("ttl", "P30D"), 400);
    }

    @Test
    void callsTheFastPathLeavesToTheResource() {
        String reader = Tokens.withGroups("reader", "fresh-" + UUID.randomUUID());
        String developer = Tokens.withGroups("developer", "fresh-" + UUID.randomUUID());
        double before = served("GET") + served("PUT");
        // no role to read in namespace sealed, or to write in demo: the resource answers 403, twice
        given().auth().oauth2(reader).get("/v1/namespaces/sealed/keys/{key}", uniqueKey()).then().statusCode(403);
        given().auth().oauth2(reader).get("/v1/namespaces/sealed/keys/{key}", uniqueKey()).then().statusCode(403);
        given().auth().oauth2(reader).body("x").put(VALUE, uniqueKey()).then().statusCode(403);
        // an undeclared namespace, a percent-encoded name, no token: the resource's answers
        given().auth().oauth2(reader).get("/v1/namespaces/nosuch/keys/{key}", uniqueKey()).then().statusCode(404);
        given().auth().oauth2(reader).urlEncodingEnabled(false).get("/v1/namespaces/demo/keys/a%0Ab").then().statusCode(400);
        given().get(VALUE, uniqueKey()).then().statusCode(401);
        // writes the resource must answer: an Idempotency-Key, a body over max-value-size
        given().auth().oauth2(developer).get(VALUE, uniqueKey()).then().statusCode(404);
        given().auth().oauth2(developer).get(VALUE, uniqueKey()).then().statusCode(404); // the only call served fast
        given().auth().oauth2(developer).header("Idempotency-Key", UUID.randomUUID().toString()).header("If-None-Match", "*").body("x")
                .put(VALUE, uniqueKey()).then().statusCode(201);
        given().auth().oauth2(developer).body("x".repeat(2 * 1024 * 1024)).put(VALUE, uniqueKey()).then().statusCode(413);
        assertEquals(before + 1, served("GET") + served("PUT"), "the fast path served a call it must leave to the resource");
    }

    private void assertSameReads(String key, UnaryOperator<RequestSpecification> request, int status) {
        assertSame("GET", token -> request.apply(given().auth().oauth2(token)).get(VALUE, key), key, key, status);
    }

    /** The same write on two keys in the same state: the first by the resource, the second on the fast path. */
    private void assertSameWrites(Consumer<String> state, UnaryOperator<RequestSpecification> request, int status) {
        String first = uniqueKey();
        String second = uniqueKey();
        state.accept(first);
        state.accept(second);
        audit.clear();
        String[] keys = { first, second };
        int[] call = { 0 };
        assertSame("PUT", token -> request.apply(given().auth().oauth2(token)).put(VALUE, keys[call[0]++]), first, second, status);
        List<String> lines = audit.messages();
        assertEquals(2, lines.size(), () -> "one audit line per write: " + lines);
        assertEquals(lines.get(0), lines.get(1));
    }

    private void assertSame(String method, Function<String, Response> send, String firstKey, String secondKey, int status) {
        String token = Tokens.withGroups("developer", "fresh-" + UUID.randomUUID());
        double before = served(method);
        Response byResource = send.apply(token);
        assertEquals(before, served(method), "the first call of a token is verified by the resource's path");
        Response byFastPath = send.apply(token);
        assertEquals(before + 1, served(method), "the second call of a token takes the fast path");
        assertEquals(status, byResource.statusCode(), byResource::asString);
        assertEquals(byResource.statusCode(), byFastPath.statusCode());
        assertEquals(headers(byResource), headers(byFastPath));
        assertEquals(byResource.asString().replace(firstKey, "KEY"), byFastPath.asString().replace(secondKey, "KEY"));
    }

    private static Map<String, String> headers(Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().forEach(header -> headers.merge(header.getName().toLowerCase(), header.getValue(), (a, b) -> a + ", " + b));
        return headers;
    }

    private double served(String method) {
        return meters.counter("gateway.fast.path", "method", method).count();
    }
}
