package io.redismesh.gateway.idempotency;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Non-idempotent writes with an Idempotency-Key: a retry answers the first outcome instead of acting twice. */
@QuarkusTest
class IdempotencyTest {

    @Inject
    RedisDataSource redis;

    /** The custom-method colon (items:pop) is sent as is. */
    private static RequestSpecification developer(String idempotencyKey) {
        return given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer()).contentType("application/json").header(Idempotency.HEADER, idempotencyKey)
                .log().ifValidationFails();
    }

    private static String name() {
        return "idem-" + UUID.randomUUID();
    }

    @Test
    void aRetriedIncrementActsOnceAndAnswersTheFirstOutcome() {
        String key = name();
        String idempotencyKey = UUID.randomUUID().toString();
        developer(idempotencyKey).body(Map.of("by", 5)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(200).body("value", equalTo(5)).header(Idempotency.REPLAYED, nullValue());
        developer(idempotencyKey).body(Map.of("by", 5)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(200).body("value", equalTo(5)).header(Idempotency.REPLAYED, equalTo("true"))
                .contentType("application/json");
        assertEquals("5", redis.value(String.class).get("rgw:demo:" + key));
        // without the key, a call acts as always
        given().auth().oauth2(Tokens.developer()).contentType("application/json").body(Map.of("by", 5))
                .post("/v1/namespaces/demo/keys/{key}/increment", key).then().statusCode(200).body("value", equalTo(10));
    }

    @Test
    void theSameKeyOnAnotherRequestIs422() {
        String key = name();
        String idempotencyKey = UUID.randomUUID().toString();
        developer(idempotencyKey).body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key).then().statusCode(200);
        developer(idempotencyKey).body(Map.of("by", 2)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(422).contentType("application/problem+json").body("type", equalTo("/problems/idempotency-key-reused"));
        developer(idempotencyKey).body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", name())
                .then().statusCode(422);
        assertEquals("1", redis.value(String.class).get("rgw:demo:" + key));
    }

    @Test
    void aRetryWhileTheFirstCallRunsIs409AndAfterItGetsThePoppedItem() {
        String list = name();
        String idempotencyKey = UUID.randomUUID().toString();
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> developer(idempotencyKey)
                .post("/v1/namespaces/demo/lists/{key}/items:pop?waitMillis=20000", list).then().extract().response());
        // the first pop is waiting for an item: its key is taken
        await().atMost(Duration.ofSeconds(20)).until(() -> first.isDone() || !redis.key().keys("rgw:~idempotency:demo:*:" + idempotencyKey).isEmpty());
        assertFalse(first.isDone(), () -> "the first pop ended at once: " + first.join().statusLine() + " " + first.join().asString());
        developer(idempotencyKey).post("/v1/namespaces/demo/lists/{key}/items:pop?waitMillis=20000", list)
                .then().statusCode(409).body("type", equalTo("/problems/idempotency-key-in-use")).header("Retry-After", notNullValue());
        given().auth().oauth2(Tokens.developer()).contentType("application/json").body(Map.of("items", List.of("job-1")))
                .post("/v1/namespaces/demo/lists/{key}/items", list).then().statusCode(200);
        first.join().then().statusCode(200).body("items", equalTo(List.of("job-1")));
        // the client lost that answer and retries: it gets the popped item, which is not lost
        developer(idempotencyKey).post("/v1/namespaces/demo/lists/{key}/items:pop?waitMillis=20000", list)
                .then().statusCode(200).body("items", equalTo(List.of("job-1"))).header(Idempotency.REPLAYED, equalTo("true"));
    }

    @Test
    void aRetriedCreateOnlyPutAnswers201NotPreconditionFailed() {
        String key = name();
        String idempotencyKey = UUID.randomUUID().toString();
        String etag = developer(idempotencyKey).contentType("application/octet-stream").header("If-None-Match", "*").body("v1".getBytes(StandardCharsets.UTF_8))
                .put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201).extract().header("ETag");
        developer(idempotencyKey).contentType("application/octet-stream").header("If-None-Match", "*").body("v1".getBytes(StandardCharsets.UTF_8))
                .put("/v1/namespaces/demo/keys/{key}", key)
                .then().statusCode(201).header("ETag", equalTo(etag)).header(Idempotency.REPLAYED, equalTo("true"));
        // another writer's create-only PUT still fails
        developer(UUID.randomUUID().toString()).contentType("application/octet-stream").header("If-None-Match", "*").body("v1".getBytes(StandardCharsets.UTF_8))
                .put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(412);
    }

    @Test
    void aRetriedAcquireAnswersTheSameLease() {
        String lock = name();
        String idempotencyKey = UUID.randomUUID().toString();
        Response first = developer(idempotencyKey).body(Map.of("ttlMillis", 30_000)).post("/v1/namespaces/demo/locks/{name}/leases", lock);
        first.then().statusCode(201);
        developer(idempotencyKey).body(Map.of("ttlMillis", 30_000)).post("/v1/namespaces/demo/locks/{name}/leases", lock)
                .then().statusCode(201).header("Location", equalTo(first.header("Location")))
                .body("leaseId", equalTo(first.jsonPath().getString("leaseId")))
                .body("fencingToken", equalTo(first.jsonPath().getLong("fencingToken")));
    }

    @Test
    void aCallThatDidNothingFreesItsKey() {
        String key = name();
        String idempotencyKey = UUID.randomUUID().toString();
        redis.value(String.class).set("rgw:demo:" + key, "not a number");
        developer(idempotencyKey).body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(409).body("type", equalTo("/problems/not-a-number"));
        redis.value(String.class).set("rgw:demo:" + key, "41");
        developer(idempotencyKey).body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(200).body("value", equalTo(42)).header(Idempotency.REPLAYED, nullValue());
    }

    @Test
    void aMalformedKeyIs400() {
        developer("x".repeat(256)).body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", name())
                .then().statusCode(400).contentType("application/problem+json");
        developer("with space").body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", name()).then().statusCode(400);
    }
}
