package io.redismesh.gateway.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.redismesh.gateway.support.Tokens;
import io.smallrye.common.annotation.Identifier;

@QuarkusTest
class ProblemMappersTest {

    @Inject
    @Identifier(EmbeddedRedis.PROVIDER_NAME)
    EmbeddedRedis embeddedRedis;

    @Test
    void unknownRouteIsNotFoundProblem() {
        given().auth().oauth2(Tokens.developer()).get("/v1/nothing/here").then()
                .statusCode(404).contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
    }

    @Test
    void unsupportedMethodIs405Problem() {
        given().auth().oauth2(Tokens.developer()).post("/v1/namespaces/demo/keys/k").then()
                .statusCode(405).contentType("application/problem+json").body("type", equalTo("/problems/method-not-allowed"));
    }

    @Test
    void redisAwayIs503WithRetryAfterAndRecovers() {
        given().auth().oauth2(Tokens.developer()).body("before").put("/v1/namespaces/demo/keys/outage").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        embeddedRedis.stop();
        try {
            given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/outage").then().log().ifValidationFails()
                    .statusCode(503)
                    .header("Retry-After", "1")
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/backend-unavailable"))
                    .body("detail", not(containsString("Exception")));
            given().auth().oauth2(Tokens.developer()).body("during").put("/v1/namespaces/demo/keys/outage").then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            embeddedRedis.start();
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(Tokens.developer()).body("after").put("/v1/namespaces/demo/keys/outage").then().statusCode(201);
    }

    @Test
    void redisSlowerThanTheTimeoutIs503NotAHang() throws Exception {
        given().auth().oauth2(Tokens.developer()).body("v").put("/v1/namespaces/demo/keys/slow").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        // CLIENT PAUSE stalls every client's commands on the server side, as an overloaded Redis would
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), embeddedRedis.port())) {
            socket.getOutputStream().write("CLIENT PAUSE 8000\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getInputStream().readNBytes(5);
            long start = System.nanoTime();
            given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/slow").then()
                    .statusCode(503).header("Retry-After", "1").body("type", equalTo("/problems/backend-unavailable"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            org.junit.jupiter.api.Assertions.assertTrue(millis < 7500, "answered after " + millis + " ms");
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/slow").then().statusCode(200));
    }
}
