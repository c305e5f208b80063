package io.redismesh.gateway.redis;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.support.ShortRedisTimeout;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A 503 never hides a write: the test's own redis-server is paused ({@code CLIENT PAUSE}) past the
 * gateway's timeout, so a command goes out and its answer comes too late. Its own profile: a 1 s timeout.
 */
@QuarkusTest
@TestProfile(ShortRedisTimeout.class)
class OutcomeUnknownTest {

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    @Test
    void aWriteAnsweredAfterTheTimeoutIs504OutcomeUnknownAndWasApplied() {
        String key = "late-" + UUID.randomUUID();
        developer().get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(404);
        redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "WRITE");
        developer().body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(504).contentType("application/problem+json").body("type", equalTo("/problems/outcome-unknown"));
        // it was applied once Redis went on: a 503 ("not done") would have made the client apply it twice
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(redis.value(String.class).get("rgw:demo:" + key)));
    }

    @Test
    void aWriteWhoseConnectionIsLostAfterSendingIs504() throws Exception {
        String key = "lost-" + UUID.randomUUID();
        developer().get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(404);
        long blockedBefore = blockedClients();
        redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "WRITE");
        try {
            CompletableFuture<Response> write = CompletableFuture.supplyAsync(
                    () -> developer().body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key));
            // the increment has reached Redis and waits there: the connection carrying it goes away
            await().atMost(Duration.ofMillis(900)).pollInterval(Duration.ofMillis(10)).until(() -> blockedClients() > blockedBefore);
            redis.execute("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            write.get(10, TimeUnit.SECONDS).then().statusCode(504).body("type", equalTo("/problems/outcome-unknown"))
                    .body("detail", containsString("connection to Redis was lost"));
        } finally {
            redis.execute("CLIENT", "UNPAUSE");
        }
    }

    private long blockedClients() {
        String info = redis.execute("INFO", "clients").toString();
        return Long.parseLong(info.replaceAll("(?s).*blocked_clients:(\\d+).*", "$1"));
    }

    @Test
    void aReadThatTimesOutIsStill503() {
        redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "ALL");
        developer().get("/v1/namespaces/demo/keys/{key}", "late-read").then().statusCode(503)
                .body("type", equalTo("/problems/backend-unavailable")).header("Retry-After", notNullValue());
        await().atMost(Duration.ofSeconds(10)).until(() -> developer().get("/v1/namespaces/demo/keys/{key}", "late-read")
                .then().extract().statusCode() == 404);
    }

    @Test
    void aRetryWithTheKeyOfATimedOutWriteNeverActsTwice() {
        String key = "late-" + UUID.randomUUID();
        String idempotencyKey = UUID.randomUUID().toString();
        redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "WRITE");
        developer().header(Idempotency.HEADER, idempotencyKey).body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key)
                .then().statusCode(504);
        redis.execute("CLIENT", "UNPAUSE");
        // the first call's fate was unknown to the gateway; whatever it was, the key never makes the write happen twice
        int status = developer().header(Idempotency.HEADER, idempotencyKey).body(Map.of("by", 1))
                .post("/v1/namespaces/demo/keys/{key}/increment", key).then().extract().statusCode();
        String after = redis.value(String.class).get("rgw:demo:" + key);
        if (status == 200) {
            // the first call never reached Redis (its claim timed out with it): the retry acted, once
            assertEquals("1", after);
            developer().header(Idempotency.HEADER, idempotencyKey).body(Map.of("by", 1))
                    .post("/v1/namespaces/demo/keys/{key}/increment", key).then().statusCode(200).header(Idempotency.REPLAYED, "true");
            assertEquals("1", redis.value(String.class).get("rgw:demo:" + key));
        } else {
            assertEquals(true, status == 409 || status == 504, "status " + status);
            assertEquals(true, after == null || after.equals("1"), "applied at most once: " + after);
        }
    }
}
