package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class TtlAndIncrementTest {

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    private static String key() {
        return "n-" + UUID.randomUUID();
    }

    @Test
    void ttlCanBeReadSetAndRemoved() {
        String key = key();
        redis.value(String.class).set("rgw:demo:" + key, "v");
        developer().get("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(200).body("ttlMillis", nullValue());
        developer().body(Map.of("ttlMillis", 30000)).put("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(204);
        int ttl = developer().get("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(200).extract().path("ttlMillis");
        assertTrue(ttl > 25000 && ttl <= 30000, "ttl " + ttl);
        developer().delete("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(204);
        assertEquals(-1L, redis.key(String.class).pttl("rgw:demo:" + key));
    }

    @Test
    void ttlCallsOnAMissingKeyAre404() {
        String key = key();
        developer().get("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        developer().body(Map.of("ttlMillis", 1000)).put("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(404);
        developer().delete("/v1/namespaces/demo/keys/{key}/ttl", key).then().statusCode(404);
    }

    @Test
    void ttlOverTheNamespaceMaximumIs400() {
        String key = key();
        redis.value(String.class).set("rgw:tight:" + key, "v");
        developer().body(Map.of("ttlMillis", 7_200_000)).put("/v1/namespaces/tight/keys/{key}/ttl", key).then().statusCode(400);
        developer().body(Map.of()).put("/v1/namespaces/tight/keys/{key}/ttl", key).then().statusCode(400);
    }

    @Test
    void integerAndDecimalIncrements() {
        String key = key();
        developer().body(Map.of("by", 5)).post("/v1/namespaces/demo/keys/{key}/increment", key).then().statusCode(200).body("value", equalTo(5));
        developer().body(Map.of("by", -2)).post("/v1/namespaces/demo/keys/{key}/increment", key).then().body("value", equalTo(3));
        developer().post("/v1/namespaces/demo/keys/{key}/increment", key).then().body("value", equalTo(4));
        developer().body("{\"by\": 0.5}").post("/v1/namespaces/demo/keys/{key}/increment", key).then().body("value", equalTo(4.5f));
        assertEquals("4.5", redis.value(String.class).get("rgw:demo:" + key));
    }

    @Test
    void incrementOfANonNumberIs409NotANumber() {
        String key = key();
        redis.value(String.class).set("rgw:demo:" + key, "abc");
        developer().body(Map.of("by", 1)).post("/v1/namespaces/demo/keys/{key}/increment", key).then()
                .statusCode(409).body("type", equalTo("/problems/not-a-number"));
        developer().body("{\"by\": 1.5}").post("/v1/namespaces/demo/keys/{key}/increment", key).then().statusCode(409);
        assertEquals("abc", redis.value(String.class).get("rgw:demo:" + key));
    }
}
