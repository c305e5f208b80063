package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.ClusterProfile;
import io.redismesh.gateway.support.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.redis.client.impl.ZModem;

/** Multi-key calls and listing against a real three-master Redis Cluster. */
@QuarkusTest
@TestProfile(ClusterProfile.class)
class ClusterKeysTest {

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").urlEncodingEnabled(false).log().ifValidationFails();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static int slotOf(String name) {
        return ZModem.generate("rgw:demo:" + name);
    }

    @Test
    void batchGetAnswersEachValueUnderItsOwnKeyAcrossSlots() {
        String prefix = "get-" + unique() + ":";
        List<String> keys = IntStream.range(0, 50).mapToObj(i -> prefix + i).toList();
        keys.forEach(key -> redis.value(String.class).set("rgw:demo:" + key, "value of " + key));
        List<String> asked = new ArrayList<>(keys);
        asked.add(3, prefix + "absent");
        assertTrue(asked.stream().map(ClusterKeysTest::slotOf).distinct().count() > 10, "the keys span many slots");

        JsonPath answer = developer().body(Map.of("keys", asked)).post("/v1/namespaces/demo/keys:batchGet").then().statusCode(200)
                .extract().jsonPath();

        assertEquals(asked, answer.getList("items.key"));
        for (int i = 0; i < asked.size(); i++) {
            String key = asked.get(i);
            String value = answer.getString("items[" + i + "].value");
            if (i == 3) {
                assertNull(value, key);
            } else {
                assertEquals("value of " + key, value, key);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 7, 100, 1000 })
    void listingWalksEveryMasterAndListsEachKeyOnce(int limit) {
        String prefix = "list-" + unique() + ":";
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            written.add(prefix + i);
            redis.value(String.class).set("rgw:demo:" + prefix + i, "v");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = developer().queryParam("prefix", prefix).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/namespaces/demo/keys").then().statusCode(200).extract().jsonPath();
            List<String> names = page.getList("items.key");
            assertTrue(names.size() <= limit, "a page holds at most limit keys");
            seen.addAll(names);
            cursor = page.getString("cursor");
            pages++;
        } while (cursor != null && pages < 2000);
        assertNull(cursor, "the walk ends with a null cursor");
        assertEquals(written, new HashSet<>(seen));
        assertEquals(written.size(), seen.size(), "no key is listed twice");
    }

    @Test
    void batchPutAcrossSlotsIsCrossSlotAndWritesNothing() {
        String a = "put-" + unique();
        String b = "put-" + unique();
        while (slotOf(b) == slotOf(a)) {
            b = "put-" + unique();
        }
        developer().body(Map.of("items", List.of(Map.of("key", a, "value", "1"), Map.of("key", b, "value", "2"))))
                .post("/v1/namespaces/demo/keys:batchPut").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("/problems/cross-slot"));
        assertNull(redis.value(String.class).get("rgw:demo:" + a));
        assertNull(redis.value(String.class).get("rgw:demo:" + b));
    }

    @Test
    void batchPutWithinOneHashTagWritesEveryItem() {
        String tag = "{order-" + unique() + "}:";
        List<Map<String, Object>> items = IntStream.range(0, 20).mapToObj(i -> Map.<String, Object> of("key", tag + i, "value", "v" + i)).toList();
        developer().body(Map.of("items", items)).post("/v1/namespaces/demo/keys:batchPut").then().statusCode(204);
        for (int i = 0; i < 20; i++) {
            assertEquals("v" + i, redis.value(String.class).get("rgw:demo:" + tag + i));
        }
    }
}
