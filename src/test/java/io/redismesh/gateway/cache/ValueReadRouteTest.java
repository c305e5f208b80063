package io.redismesh.gateway.cache;

import static io.redismesh.gateway.support.Values.developer;
import static io.redismesh.gateway.support.Values.uniqueKey;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The Vert.x fast path of a value GET ({@link ValueReadRoute}) answers exactly as the REST resource:
 * a token's first call goes to the resource (the token is not yet in the verified-token cache), its
 * second is served on the fast path, and both answers must be the same, byte for byte and header by header.
 */
@QuarkusTest
class ValueReadRouteTest {

    @Inject
    MeterRegistry meters;

    @Test
    void freshValue() {
        String key = uniqueKey();
        developer().body("hello").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        assertSameAnswers(key, request -> request, 200);
    }

    @Test
    void valueWithTtl() {
        String key = uniqueKey();
        developer().body("hello").put("/v1/namespaces/demo/keys/{key}?ttl=PT60S", key).then().statusCode(201);
        assertSameAnswers(key, request -> request, 200);
    }

    @Test
    void notModified() {
        String key = uniqueKey();
        String etag = developer().body("v").put("/v1/namespaces/demo/keys/{key}", key).then().extract().header("ETag");
        assertSameAnswers(key, request -> request.header("If-None-Match", etag), 304);
        assertSameAnswers(key, request -> request.header("If-None-Match", "W/" + etag + ", \"other\""), 304);
    }

    @Test
    void missingKeyProblem() {
        assertSameAnswers(uniqueKey(), request -> request, 404);
    }

    @Test
    void wrongTypeProblem() {
        String key = uniqueKey();
        developer().contentType("application/json").body(Map.of("items", List.of("a"))).post("/v1/namespaces/demo/lists/{key}/items", key)
                .then().statusCode(200);
        assertSameAnswers(key, request -> request, 409);
    }

    @Test
    void callsTheFastPathLeavesToTheResource() {
        String reader = Tokens.withGroups("reader", "fresh-" + UUID.randomUUID());
        double before = fastReads();
        // no role to read in namespace sealed: the resource answers 403, twice
        given().auth().oauth2(reader).get("/v1/namespaces/sealed/keys/{key}", uniqueKey()).then().statusCode(403);
        given().auth().oauth2(reader).get("/v1/namespaces/sealed/keys/{key}", uniqueKey()).then().statusCode(403);
        // an undeclared namespace, a percent-encoded name, no token: the resource's answers
        given().auth().oauth2(reader).get("/v1/namespaces/nosuch/keys/{key}", uniqueKey()).then().statusCode(404);
        given().auth().oauth2(reader).urlEncodingEnabled(false).get("/v1/namespaces/demo/keys/a%0Ab").then().statusCode(400);
        given().get("/v1/namespaces/demo/keys/{key}", uniqueKey()).then().statusCode(401);
        assertEquals(before, fastReads(), "the fast path served a call it must leave to the resource");
    }

    private void assertSameAnswers(String key, UnaryOperator<RequestSpecification> request, int status) {
        String token = Tokens.withGroups("developer", "fresh-" + UUID.randomUUID());
        double before = fastReads();
        Response byResource = request.apply(given().auth().oauth2(token)).get("/v1/namespaces/demo/keys/{key}", key);
        assertEquals(before, fastReads(), "the first call of a token is verified by the resource's path");
        Response byFastPath = request.apply(given().auth().oauth2(token)).get("/v1/namespaces/demo/keys/{key}", key);
        assertEquals(before + 1, fastReads(), "the second call of a token takes the fast path");
        assertEquals(status, byResource.statusCode());
        assertEquals(byResource.statusCode(), byFastPath.statusCode());
        assertEquals(headers(byResource), headers(byFastPath));
        assertEquals(byResource.asString(), byFastPath.asString());
    }

    private static Map<String, String> headers(Response response) {
        Map<String, String> headers = new TreeMap<>();
        response.headers().forEach(header -> headers.merge(header.getName().toLowerCase(), header.getValue(), (a, b) -> a + ", " + b));
        return headers;
    }

    private double fastReads() {
        return meters.counter("gateway.fast.reads").count();
    }
}
