package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;

/** The Redis pool is sized for bursts: with the client defaults (6 connections, 24 waiters) this fails with ConnectionPoolTooBusy. */
@QuarkusTest
class ConcurrentReadsTest {

    @TestHTTPResource("/v1/namespaces/demo/keys/burst")
    URL burst;

    @Test
    void aHundredConcurrentReadsAllSucceed() {
        String token = Tokens.developer();
        given().auth().oauth2(token).body("hot").put("/v1/namespaces/demo/keys/burst");
        // a served gateway is warm: run the read path a few times before the burst (a cold JVM on
        // two cores, sharing them with this client, spends seconds compiling instead)
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(token).get("/v1/namespaces/demo/keys/burst").then().statusCode(200);
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 100)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(URI.create(burst.toString()))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode))
                .toList();
        Map<Integer, Long> statuses = calls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(Map.of(200, 100L), statuses);
    }
}
