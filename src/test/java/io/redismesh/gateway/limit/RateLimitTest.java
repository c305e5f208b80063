package io.redismesh.gateway.limit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.smallrye.common.annotation.Identifier;
import io.restassured.response.Response;
import io.redismesh.gateway.support.Tokens;

/** Namespace {@code limited}: rate-limit 1/2S, bursts of 3, per principal, kept in Redis. */
@QuarkusTest
class RateLimitTest {

    @Inject
    @Identifier(EmbeddedRedis.PROVIDER_NAME)
    EmbeddedRedis embeddedRedis;

    private static final String POLICY = "\"limited\";q=1;w=2";

    @Test
    void aBurstIsAllowedThenRefusedWithHeadersUntilRetryAfter() throws InterruptedException {
        String token = Tokens.DEV.forSubject("rate-" + UUID.randomUUID(), "developer");
        for (int remaining = 2; remaining >= 0; remaining--) {
            read(token).then().statusCode(404)
                    .header("RateLimit-Policy", POLICY)
                    .header("RateLimit", "\"limited\";r=" + remaining + ";t=" + (6 - 2 * remaining));
        }
        Response refused = read(token);
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("/problems/rate-limited"))
                .header("RateLimit-Policy", POLICY)
                .header("RateLimit", "\"limited\";r=0;t=6");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
        // refused calls are not counted: waiting Retry-After is enough
        Thread.sleep(retryAfter * 1000);
        read(token).then().statusCode(404).header("RateLimit", startsWith("\"limited\";r=0;t="));
        read(token).then().statusCode(429);
    }

    @Test
    void theLimitIsPerPrincipalAndOnlyWhereConfigured() {
        String first = Tokens.DEV.forSubject("rate-" + UUID.randomUUID(), "developer");
        for (int i = 0; i < 3; i++) {
            read(first).then().statusCode(404);
        }
        read(first).then().statusCode(429);
        // value GET and PUT of a limited namespace are limited like every call (they skip the value fast path)
        given().auth().oauth2(first).body("v").put("/v1/namespaces/limited/keys/written").then().statusCode(429)
                .body("type", equalTo("/problems/rate-limited"));
        read(Tokens.DEV.forSubject("rate-" + UUID.randomUUID(), "developer")).then().statusCode(404).header("RateLimit", not(nullValue()));
        // a namespace without a rate limit: no check, no headers
        for (int i = 0; i < 10; i++) {
            given().auth().oauth2(first).get("/v1/namespaces/demo/keys/unlimited").then().statusCode(404)
                    .header("RateLimit", nullValue()).header("RateLimit-Policy", nullValue());
        }
    }

    @Test
    void callsThatFailAuthorisationAreNotCounted() {
        String subject = "rate-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(Tokens.DEV.forSubject(subject, "nobody")).get("/v1/namespaces/limited/keys/absent")
                    .then().statusCode(403).header("RateLimit", nullValue());
        }
        String token = Tokens.DEV.forSubject(subject, "developer");
        assertEquals(404, read(token).statusCode());
    }

    /** The check needs Redis as the operation does: without it, 503 "nothing was done", never a 500 or 504. */
    @Test
    void withoutRedisTheCheckAnswers503() {
        String token = Tokens.DEV.forSubject("rate-" + UUID.randomUUID(), "developer");
        embeddedRedis.stop();
        try {
            read(token).then().statusCode(503).header("Retry-After", "1").body("type", equalTo("/problems/backend-unavailable"))
                    .header("RateLimit", nullValue());
        } finally {
            embeddedRedis.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> read(token).then().statusCode(404));
    }

    private static Response read(String token) {
        return given().auth().oauth2(token).get("/v1/namespaces/limited/keys/absent");
    }
}
