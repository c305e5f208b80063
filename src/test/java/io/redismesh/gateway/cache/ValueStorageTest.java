package io.redismesh.gateway.cache;

import static io.redismesh.gateway.support.Values.developer;
import static io.redismesh.gateway.support.Values.uniqueKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** What cache-value calls leave inside Redis: plain strings under the namespace prefix, TTLs, types. */
@QuarkusTest
class ValueStorageTest {

    @Inject
    RedisDataSource redis;

    @Test
    void valuesAreBinarySafePlainRedisStringsUnderTheNamespacePrefix() {
        String key = "bin/ä*?[x]";
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        developer().contentType("application/octet-stream").body(bytes).put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);

        byte[] stored = redis.value(String.class, byte[].class).get("rgw:demo:" + key);
        assertArrayEquals(bytes, stored);
        byte[] read = developer().get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(200).extract().asByteArray();
        assertArrayEquals(bytes, read);
    }

    @Test
    void ttlSetsExpiryAndCacheControlMaxAge() {
        String key = uniqueKey();
        developer().queryParam("ttl", "PT60S").body("t").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        long pttl = redis.key(String.class).pttl("rgw:demo:" + key);
        assertTrue(pttl > 55_000 && pttl <= 60_000, "pttl " + pttl);
        developer().get("/v1/namespaces/demo/keys/{key}", key).then()
                .header("Cache-Control", matchesPattern("private, max-age=(5[0-9]|60)"));

        developer().queryParam("ttl", "1500").body("t").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(204);
        assertTrue(redis.key(String.class).pttl("rgw:demo:" + key) <= 1500);
    }

    @Test
    void namespaceDefaultTtlAppliesWithoutTtlParameter() {
        String key = uniqueKey();
        developer().body("short").put("/v1/namespaces/tight/keys/{key}", key).then().statusCode(201);
        long pttl = redis.key(String.class).pttl("rgw:tight:" + key);
        assertTrue(pttl > 0 && pttl <= 600_000, "pttl " + pttl);
    }

    @Test
    void keyHoldingAnotherTypeIsWrongType() {
        String key = uniqueKey();
        redis.hash(String.class).hset("rgw:demo:" + key, "f", "v");
        developer().get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        developer().body("x").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(409);
        developer().delete("/v1/namespaces/demo/keys/{key}", key).then().statusCode(409);
        assertTrue(redis.key(String.class).type("rgw:demo:" + key).name().equalsIgnoreCase("hash"));
    }
}
