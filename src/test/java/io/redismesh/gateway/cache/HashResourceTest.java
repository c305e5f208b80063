package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class HashResourceTest {

    private static final String HASH = "/v1/namespaces/demo/hashes/{key}";
    private static final String FIELD = "/v1/namespaces/demo/hashes/{key}/fields/{field}";

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    private static String key() {
        return "h-" + UUID.randomUUID();
    }

    @Test
    void fieldOverMaxValueSizeIs413AndNothingIsStored() {
        String key = key();
        given().auth().oauth2(Tokens.developer()).contentType("application/octet-stream").body("0123456789abcdefX".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .put("/v1/namespaces/tight/hashes/{key}/fields/{field}", key, "f").then().log().ifValidationFails()
                .statusCode(413).contentType("application/problem+json").body("type", equalTo("/problems/value-too-large"));
        assertEquals(Map.of(), redis.hash(String.class).hgetall("rgw:tight:" + key));
    }

    @Test
    void replaceThenReadTheWholeHash() {
        String key = key();
        developer().body(Map.of("name", "Ada", "role", "admin")).put(HASH, key).then().statusCode(201);
        developer().get(HASH, key).then().statusCode(200).body("name", equalTo("Ada")).body("role", equalTo("admin"));
        developer().body(Map.of("name", "Grace")).put(HASH, key).then().statusCode(204);
        assertEquals(Map.of("name", "Grace"), redis.hash(String.class).hgetall("rgw:demo:" + key));
    }

    @Test
    void mergePatchSetsGivenFieldsRemovesNullsKeepsOthers() {
        String key = key();
        redis.hash(String.class).hset("rgw:demo:" + key, Map.of("a", "1", "b", "2", "c", "3"));
        Map<String, Object> patch = new HashMap<>();
        patch.put("a", "10");
        patch.put("b", null);
        patch.put("d", "4");
        developer().contentType("application/merge-patch+json").body(patch).patch(HASH, key).then().statusCode(204);
        assertEquals(Map.of("a", "10", "c", "3", "d", "4"), redis.hash(String.class).hgetall("rgw:demo:" + key));
    }

    @Test
    void fieldsCanBeWrittenReadAndDeleted() {
        String key = key();
        developer().contentType("text/plain").body("blue").put(FIELD, key, "colour").then().statusCode(201);
        developer().contentType("text/plain").body("green").put(FIELD, key, "colour").then().statusCode(204);
        developer().get(FIELD, key, "colour").then().statusCode(200).body(equalTo("green"));
        developer().delete(FIELD, key, "colour").then().statusCode(204);
        developer().get(FIELD, key, "colour").then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        developer().delete(FIELD, key, "colour").then().statusCode(404);
    }

    @Test
    void absentHashIs404AndDeleteRemovesIt() {
        String key = key();
        developer().get(HASH, key).then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        developer().body(Map.of("f", "v")).put(HASH, key).then().statusCode(201);
        developer().delete(HASH, key).then().statusCode(204);
        developer().delete(HASH, key).then().statusCode(404);
    }

    @Test
    void hashCallsOnAStringKeyAreWrongTypeAndChangeNothing() {
        String key = key();
        redis.value(String.class).set("rgw:demo:" + key, "plain");
        developer().get(HASH, key).then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        developer().body(Map.of("f", "v")).put(HASH, key).then().statusCode(409);
        developer().body(Map.of("f", "v")).patch(HASH, key).then().statusCode(409);
        developer().delete(HASH, key).then().statusCode(409);
        developer().contentType("text/plain").body("v").put(FIELD, key, "f").then().statusCode(409);
        assertEquals("plain", redis.value(String.class).get("rgw:demo:" + key));
    }

    @Test
    void readersMayReadHashesButNotWriteThem() {
        String key = key();
        redis.hash(String.class).hset("rgw:demo:" + key, "f", "v");
        given().auth().oauth2(Tokens.withGroups("reader")).get(HASH, key).then().statusCode(200);
        given().auth().oauth2(Tokens.withGroups("reader")).contentType("application/json").body(Map.of("f", "w")).put(HASH, key).then().statusCode(403);
    }
}
