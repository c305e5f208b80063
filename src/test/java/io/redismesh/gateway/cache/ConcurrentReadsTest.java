package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Concurrently;
import io.redismesh.gateway.support.Tokens;

@QuarkusTest
class ConcurrentReadsTest {

    @TestHTTPResource("/v1/namespaces/demo/keys/")
    URL keys;

    /** The Redis pool is sized for bursts: with the client defaults (6 connections, 24 waiters) this fails with ConnectionPoolTooBusy. */
    @Test
    void aHundredConcurrentReadsAllSucceed() {
        String token = Tokens.developer();
        given().auth().oauth2(token).body("hot").put("/v1/namespaces/demo/keys/burst");
        // a served gateway is warm: run the read path a few times before the burst (a cold JVM on
        // two cores, sharing them with this client, spends seconds compiling instead)
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(token).get("/v1/namespaces/demo/keys/burst").then().statusCode(200);
        }
        HttpRequest read = HttpRequest.newBuilder(URI.create(keys + "burst")).header("Authorization", "Bearer " + token).build();
        assertEquals(Map.of(200, 100L), Concurrently.statuses(IntStream.range(0, 100).mapToObj(i -> read).toList()));
    }

    /** If-Match is checked inside Redis: of 20 writers racing on one version, exactly one wins. */
    @Test
    void twentyConcurrentCompareAndSetWritersHaveOneWinnerPerVersion() {
        String token = Tokens.developer();
        String etag = given().auth().oauth2(token).body("v0").put("/v1/namespaces/demo/keys/cas-race")
                .then().extract().header("ETag");
        for (int version = 1; version <= 5; version++) {
            String expected = etag;
            int round = version;
            Map<Integer, Long> statuses = Concurrently.statuses(IntStream.range(0, 20)
                    .mapToObj(writer -> HttpRequest.newBuilder(URI.create(keys + "cas-race"))
                            .header("Authorization", "Bearer " + token).header("If-Match", expected)
                            .PUT(HttpRequest.BodyPublishers.ofString("v" + round + "-writer" + writer)).build())
                    .toList());
            assertEquals(Map.of(204, 1L, 412, 19L), statuses, "version " + version);
            etag = given().auth().oauth2(token).get("/v1/namespaces/demo/keys/cas-race").then().statusCode(200).extract().header("ETag");
        }
    }
}
