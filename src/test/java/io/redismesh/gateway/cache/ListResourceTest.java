package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
class ListResourceTest {

    private static final String ITEMS = "/v1/namespaces/demo/lists/{key}/items";
    private static final String POP = "/v1/namespaces/demo/lists/{key}/items:pop";

    @Inject
    RedisDataSource redis;

    /** The custom-method colon (items:pop) is sent as is. */
    private static RequestSpecification developer() {
        return given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    private static String key() {
        return "l-" + UUID.randomUUID();
    }

    @Test
    void pushAtBothEndsKeepsTheGivenOrderAndRangesRead() {
        String key = key();
        developer().body(Map.of("items", List.of("c", "d"))).post(ITEMS, key).then().statusCode(200).body("length", equalTo(2));
        developer().queryParam("end", "head").body(Map.of("items", List.of("a", "b"))).post(ITEMS, key).then().body("length", equalTo(4));
        developer().get(ITEMS, key).then().statusCode(200).body("items", contains("a", "b", "c", "d"));
        developer().queryParam("start", 1).queryParam("stop", -2).get(ITEMS, key).then().body("items", contains("b", "c"));
    }

    @Test
    void popTakesFromEitherEnd() {
        String key = key();
        redis.list(String.class).rpush("rgw:demo:" + key, "a", "b", "c", "d");
        developer().post(POP, key).then().statusCode(200).body("items", contains("a"));
        developer().queryParam("end", "tail").queryParam("count", 2).post(POP, key).then().body("items", contains("d", "c"));
        developer().queryParam("count", 5).post(POP, key).then().body("items", contains("b"));
        developer().post(POP, key).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void blockingPopWakesWhenAnItemIsPushed() throws Exception {
        String key = key();
        long blockedBefore = blockedClients();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() ->
                developer().queryParam("waitMillis", 10_000).post(POP, key).then().extract().response());
        // the pop waits inside Redis once Redis counts one more blocked client
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedClients() > blockedBefore);
        long pushed = System.nanoTime();
        redis.list(String.class).rpush("rgw:demo:" + key, "job-1");
        Response response = waiting.get(10, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - pushed) / 1_000_000;
        response.then().statusCode(200).body("items", contains("job-1"));
        assertTrue(millis < 3000, "woke " + millis + " ms after the push");
    }

    @Test
    void blockingPopOnAnEmptyListEndsEmptyAfterTheWait() {
        String key = key();
        long start = System.nanoTime();
        developer().queryParam("waitMillis", 300).post(POP, key).then().statusCode(200).body("items", hasSize(0));
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 250);
    }

    @Test
    void waitsOverMaxWaitAndBadParametersAre400() {
        developer().queryParam("waitMillis", 60_000).post(POP, key()).then().statusCode(400);
        developer().queryParam("count", 0).post(POP, key()).then().statusCode(400);
        developer().queryParam("end", "middle").post(POP, key()).then().statusCode(400);
        developer().body(Map.of("items", List.of())).post(ITEMS, key()).then().statusCode(400);
    }

    @Test
    void listCallsOnAStringKeyAreWrongType() {
        String key = key();
        redis.value(String.class).set("rgw:demo:" + key, "plain");
        developer().get(ITEMS, key).then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        developer().body(Map.of("items", List.of("x"))).post(ITEMS, key).then().statusCode(409);
        developer().post(POP, key).then().statusCode(409);
    }

    private long blockedClients() {
        return redis.execute("INFO", "clients").toString().lines().filter(line -> line.startsWith("blocked_clients:"))
                .mapToLong(line -> Long.parseLong(line.substring("blocked_clients:".length()).trim())).sum();
    }
}
