package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class KeysResourceTest {

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    /** The custom-method colon (keys:batchGet) is sent as is, as curl and API clients do. */
    private static RequestSpecification batch() {
        return developer().urlEncodingEnabled(false);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void listingPagesThroughEveryKeyWithThePrefixExactlyOnce() {
        String prefix = "page-" + unique() + ":";
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            written.add(prefix + i);
            redis.value(String.class).set("rgw:demo:" + prefix + i, "v");
        }
        redis.value(String.class).set("rgw:demo:other-" + unique(), "v");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = developer().queryParam("prefix", prefix).queryParam("limit", 50);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/namespaces/demo/keys").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.key"));
            cursor = page.getString("cursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(written, new HashSet<>(seen));
        assertEquals(written.size(), seen.size(), "no key is listed twice");
    }

    @Test
    void aPageNeverHoldsMoreThanLimitAndTheWalkStillSeesEveryKeyOnce() {
        String prefix = "exact-" + unique() + ":";
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            written.add(prefix + i);
            redis.value(String.class).set("rgw:demo:" + prefix + i, "v");
        }
        for (int limit : new int[] { 1, 7 }) {
            List<String> seen = new ArrayList<>();
            boolean full = false;
            String cursor = null;
            int pages = 0;
            do {
                RequestSpecification request = developer().queryParam("prefix", prefix).queryParam("limit", limit);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.get("/v1/namespaces/demo/keys").then().statusCode(200).extract().jsonPath();
                List<String> keys = page.getList("items.key");
                assertTrue(keys.size() <= limit, "limit " + limit + " but a page of " + keys.size());
                full |= keys.size() == limit;
                seen.addAll(keys);
                cursor = page.getString("cursor");
                pages++;
            } while (cursor != null && pages < 1000);
            assertTrue(full, "no page was full at limit " + limit);
            assertEquals(written, new HashSet<>(seen), "limit " + limit);
            assertEquals(written.size(), seen.size(), "no key is listed twice at limit " + limit);
        }
        developer().queryParam("limit", 1).get("/v1/namespaces/demo/keys").then().statusCode(200).body("items.size()", lessThanOrEqualTo(1));
    }

    @Test
    void everyRedisTypeIsListedWithItsTypeAndAStreamByItsName() {
        String prefix = "typed-" + unique() + "-";
        redis.value(String.class).set("rgw:demo:" + prefix + "value", "v");
        redis.hash(String.class).hset("rgw:demo:" + prefix + "hash", "f", "v");
        redis.list(String.class).rpush("rgw:demo:" + prefix + "list", "v");
        redis.set(String.class).sadd("rgw:demo:" + prefix + "set", "v");
        redis.sortedSet(String.class).zadd("rgw:demo:" + prefix + "zset", 1, "v");
        developer().body("{\"hello\":1}").post("/v1/namespaces/demo/streams/" + prefix + "stream/messages").then().statusCode(201);
        Map<String, String> listed = new java.util.TreeMap<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = developer().queryParam("prefix", prefix);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/namespaces/demo/keys").then().statusCode(200).extract().jsonPath();
            List<Map<String, String>> items = page.getList("items");
            items.forEach(item -> listed.put(item.get("key"), item.get("type")));
            cursor = page.getString("cursor");
            pages++;
        } while (cursor != null && pages < 1000);
        assertEquals(Map.of(prefix + "value", "value", prefix + "hash", "hash", prefix + "list", "list", prefix + "set", "set",
                prefix + "zset", "sorted-set", prefix + "stream", "stream"), listed);
        // the listed name is the one the type's calls take
        developer().get("/v1/namespaces/demo/streams/" + prefix + "stream/messages").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void globCharactersInThePrefixAreDataNotPatterns() {
        String tag = unique();
        redis.value(String.class).set("rgw:demo:glob-" + tag + "-a", "v");
        redis.value(String.class).set("rgw:demo:glob-" + tag + "-*", "v");
        developer().queryParam("prefix", "glob-" + tag + "-*").get("/v1/namespaces/demo/keys").then()
                .statusCode(200).body("items.key", contains("glob-" + tag + "-*"));
        developer().queryParam("prefix", "glob-" + tag + "-?").get("/v1/namespaces/demo/keys").then()
                .statusCode(200).body("items", hasSize(0));
    }

    @Test
    void listingNeverLeavesTheNamespace() {
        String tag = unique();
        redis.value(String.class).set("rgw:tight:" + tag, "secret");
        redis.value(String.class).set("rgw:demo:" + tag, "mine");
        developer().queryParam("prefix", tag).get("/v1/namespaces/demo/keys").then().body("items.key", contains(tag));
        developer().queryParam("prefix", "*").get("/v1/namespaces/demo/keys").then().body("items", hasSize(0));
    }

    @Test
    void badCursorOrLimitIs400() {
        developer().queryParam("cursor", "!!").get("/v1/namespaces/demo/keys").then().statusCode(400);
        developer().queryParam("cursor", "YWJj").get("/v1/namespaces/demo/keys").then().statusCode(400);
        developer().queryParam("limit", 0).get("/v1/namespaces/demo/keys").then().statusCode(400);
        developer().queryParam("limit", 1001).get("/v1/namespaces/demo/keys").then().statusCode(400);
    }

    @Test
    void batchPutThenBatchGetInRequestOrder() {
        String a = "batch-" + unique();
        String b = "batch-" + unique();
        batch().body(Map.of("items", List.of(Map.of("key", a, "value", "alpha"), Map.of("key", b, "value", "beta", "ttlMillis", 60000))))
                .post("/v1/namespaces/demo/keys:batchPut").then().statusCode(204);
        batch().body(Map.of("keys", List.of(b, "absent-" + unique(), a))).post("/v1/namespaces/demo/keys:batchGet").then()
                .statusCode(200)
                .body("items.key[0]", equalTo(b)).body("items.value[0]", equalTo("beta"))
                .body("items.value[1]", nullValue())
                .body("items.value[2]", equalTo("alpha"));
        assertEquals(-1L, redis.key(String.class).pttl("rgw:demo:" + a));
        long pttl = redis.key(String.class).pttl("rgw:demo:" + b);
        org.junit.jupiter.api.Assertions.assertTrue(pttl > 0 && pttl <= 60000);
    }

    @Test
    void batchPutIsAllOrNothing() {
        String fresh = "atomic-" + unique();
        String hash = "atomic-hash-" + unique();
        redis.hash(String.class).hset("rgw:demo:" + hash, "f", "v");
        batch().body(Map.of("items", List.of(Map.of("key", fresh, "value", "x"), Map.of("key", hash, "value", "y"))))
                .post("/v1/namespaces/demo/keys:batchPut").then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        assertNull(redis.value(String.class).get("rgw:demo:" + fresh));

        String tooLarge = java.util.Base64.getEncoder().encodeToString("y".repeat(17).getBytes());
        batch().body(Map.of("items", List.of(Map.of("key", fresh, "value", "eA=="), Map.of("key", fresh + "2", "value", tooLarge))))
                .post("/v1/namespaces/tight/keys:batchPut").then().statusCode(413);
        assertNull(redis.value(String.class).get("rgw:tight:" + fresh));
    }

    @Test
    void batchesOverAThousandAre400() {
        List<String> keys = IntStream.range(0, 1001).mapToObj(i -> "k" + i).toList();
        batch().body(Map.of("keys", keys)).post("/v1/namespaces/demo/keys:batchGet").then().statusCode(400);
        batch().body(Map.of("keys", keys.subList(0, 1000))).post("/v1/namespaces/demo/keys:batchGet").then().statusCode(200)
                .body("items", hasSize(1000));
        batch().body("{\"keys\": 5}").post("/v1/namespaces/demo/keys:batchGet").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void binaryNamespacesCarryBatchValuesAsBase64() {
        String key = "b64-" + unique();
        batch().body(Map.of("items", List.of(Map.of("key", key, "value", "AAEC/w==")))).post("/v1/namespaces/tight/keys:batchPut").then().statusCode(204);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] { 0, 1, 2, (byte) 255 },
                redis.value(String.class, byte[].class).get("rgw:tight:" + key));
        batch().body(Map.of("keys", List.of(key))).post("/v1/namespaces/tight/keys:batchGet").then().body("items.value", containsInAnyOrder("AAEC/w=="));
        batch().body(Map.of("items", List.of(Map.of("key", key, "value", "not base64!")))).post("/v1/namespaces/tight/keys:batchPut").then().statusCode(400);
    }
}
