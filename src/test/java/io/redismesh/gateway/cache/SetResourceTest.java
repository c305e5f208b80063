package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class SetResourceTest {

    private static final String MEMBERS = "/v1/namespaces/demo/sets/{key}/members";
    private static final String MEMBER = "/v1/namespaces/demo/sets/{key}/members/{member}";

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).log().ifValidationFails();
    }

    private static String key() {
        return "s-" + UUID.randomUUID();
    }

    @Test
    void addTestAndRemoveMembers() {
        String key = key();
        developer().put(MEMBER, key, "alice").then().statusCode(201);
        developer().put(MEMBER, key, "alice").then().statusCode(204);
        developer().get(MEMBER, key, "alice").then().statusCode(204);
        developer().get(MEMBER, key, "bob").then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        developer().delete(MEMBER, key, "alice").then().statusCode(204);
        developer().delete(MEMBER, key, "alice").then().statusCode(404);
        assertFalse(redis.set(String.class).sismember("rgw:demo:" + key, "alice"));
    }

    @Test
    void membersArePagedBySscanExactlyOnce() {
        String key = key();
        Set<String> written = IntStream.range(0, 300).mapToObj(i -> "m" + i).collect(Collectors.toSet());
        redis.set(String.class).sadd("rgw:demo:" + key, written.toArray(String[]::new));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = developer().queryParam("limit", 50);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get(MEMBERS, key).then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.member"));
            cursor = page.getString("cursor");
            pages++;
        } while (cursor != null && pages < 100);
        assertEquals(written, new HashSet<>(seen));
    }

    @Test
    void setCallsOnAStringKeyAreWrongType() {
        String key = key();
        redis.value(String.class).set("rgw:demo:" + key, "plain");
        developer().put(MEMBER, key, "x").then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        developer().get(MEMBERS, key).then().statusCode(409);
        developer().get(MEMBER, key, "x").then().statusCode(409);
    }

    @Test
    void readersMayTestButNotAdd() {
        String key = key();
        redis.set(String.class).sadd("rgw:demo:" + key, "m");
        given().auth().oauth2(Tokens.withGroups("reader")).get(MEMBER, key, "m").then().statusCode(204);
        given().auth().oauth2(Tokens.withGroups("reader")).put(MEMBER, key, "n").then().statusCode(403);
    }
}
