package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.TokenIssuer;
import io.redismesh.gateway.support.Tokens;

/** The verified-token cache never outlives a token and stays bounded (a small cache, to see the bound). */
@QuarkusTest
@TestProfile(VerifiedTokensTest.SmallCache.class)
class VerifiedTokensTest {

    public static class SmallCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.token-cache.max-entries", "4");
        }
    }

    private static final String KEY = "/v1/namespaces/demo/keys/{key}";

    @Inject
    VerifiedTokens tokens;

    @Test
    void expiredTokenIsRefusedEvenWhenCachedWhileValid() {
        String token = Tokens.DEV.expiringIn(Duration.ofSeconds(3), "developer");
        given().auth().oauth2(token).get(KEY, "cached").then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        given().auth().oauth2(token).get(KEY, "cached").then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(token).get(KEY, "cached").then().statusCode(401).body("type", equalTo("/problems/unauthorized")));
    }

    @Test
    void aCachedTokenKeepsItsRoles() {
        String reader = Tokens.withGroups("reader");
        IntStream.range(0, 3).forEach(i -> given().auth().oauth2(reader).body("v").put(KEY, "read-only").then().statusCode(403));
        IntStream.range(0, 3).forEach(i -> given().auth().oauth2(reader).get(KEY, "read-only").then().statusCode(404));
    }

    @Test
    void refusedTokensAreNeverCachedAndTheCacheStaysBounded() {
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(Tokens.signedByAnotherKey()).get(KEY, "k").then().statusCode(401);
        }
        IntStream.range(0, 20).forEach(i -> given().auth().oauth2(Tokens.developer()).get(KEY, "bounded").then().statusCode(404));
        long size = tokens.size();
        assertTrue(size > 0 && size <= 4, "cache size " + size);
        String badSignature = TokenIssuer.signedByAnotherKey(Tokens.developer());
        given().auth().oauth2(badSignature).get(KEY, "k").then().statusCode(401);
        assertEquals(size, tokens.size(), "a refused token took a cache entry");
    }
}
