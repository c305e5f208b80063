package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class SortedSetResourceTest {

    private static final String MEMBER = "/v1/namespaces/demo/sorted-sets/{key}/members/{member}";
    private static final String RANGE = "/v1/namespaces/demo/sorted-sets/{key}/range";

    @Inject
    RedisDataSource redis;

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    /** A leaderboard: ann 10, bob 20, cid 30, dan 40. */
    private String leaderboard() {
        String key = "z-" + UUID.randomUUID();
        redis.sortedSet(String.class).zadd("rgw:demo:" + key, Map.of("ann", 10.0, "bob", 20.0, "cid", 30.0, "dan", 40.0));
        return key;
    }

    @Test
    void scoresAndRanksOfMembers() {
        String key = leaderboard();
        developer().body(Map.of("score", 25.5)).put(MEMBER, key, "eve").then().statusCode(201);
        developer().body(Map.of("score", 5)).put(MEMBER, key, "eve").then().statusCode(204);
        developer().get(MEMBER, key, "eve").then().statusCode(200).body("score", equalTo(5.0f)).body("rank", equalTo(0));
        developer().get(MEMBER, key, "cid").then().body("rank", equalTo(3));
        developer().body(Map.of("by", 100)).post(MEMBER + "/increment", key, "ann").then().statusCode(200).body("score", equalTo(110.0f));
        developer().delete(MEMBER, key, "ann").then().statusCode(204);
        developer().get(MEMBER, key, "ann").then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        developer().delete(MEMBER, key, "ann").then().statusCode(404);
    }

    @Test
    void rangesByRankAscendingAndDescending() {
        String key = leaderboard();
        developer().get(RANGE, key).then().statusCode(200).body("items.member", contains("ann", "bob", "cid", "dan")).body("items.rank", contains(0, 1, 2, 3));
        developer().queryParam("order", "desc").queryParam("min", 0).queryParam("max", 1).get(RANGE, key).then()
                .body("items.member", contains("dan", "cid")).body("items.rank", contains(0, 1)).body("items.score", contains(40.0f, 30.0f));
        developer().queryParam("min", -2).get(RANGE, key).then().body("items.member", contains("cid", "dan")).body("items.rank", contains(2, 3));
    }

    @Test
    void rangesByScoreWithOffsetAndLimit() {
        String key = leaderboard();
        developer().queryParam("by", "score").queryParam("min", 15).queryParam("max", 40).get(RANGE, key).then()
                .body("items.member", contains("bob", "cid", "dan")).body("items.rank", contains(1, 2, 3));
        developer().queryParam("by", "score").queryParam("min", 15).queryParam("offset", 1).queryParam("limit", 1).get(RANGE, key).then()
                .body("items.member", contains("cid")).body("items.rank", contains(2)).body("next", equalTo(2));
        developer().queryParam("by", "score").queryParam("max", 35).queryParam("order", "desc").get(RANGE, key).then()
                .body("items.member", contains("cid", "bob", "ann")).body("items.rank", contains(1, 2, 3));
        developer().queryParam("by", "score").queryParam("min", 100).get(RANGE, key).then().body("items", hasSize(0)).body("next", equalTo(null));
    }

    @Test
    void badRangesAndScoresAre400() {
        String key = leaderboard();
        developer().queryParam("by", "weight").get(RANGE, key).then().statusCode(400);
        developer().queryParam("by", "score").queryParam("min", "low").get(RANGE, key).then().statusCode(400);
        developer().queryParam("order", "up").get(RANGE, key).then().statusCode(400);
        developer().body(Map.of()).put(MEMBER, key, "x").then().statusCode(400);
    }

    @Test
    void sortedSetCallsOnAStringKeyAreWrongType() {
        String key = "z-" + UUID.randomUUID();
        redis.value(String.class).set("rgw:demo:" + key, "plain");
        developer().body(Map.of("score", 1)).put(MEMBER, key, "x").then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        developer().get(RANGE, key).then().statusCode(409);
        developer().get(MEMBER, key, "x").then().statusCode(409);
    }
}
