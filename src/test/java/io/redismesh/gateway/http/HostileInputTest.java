package io.redismesh.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.LogCapture;
import io.redismesh.gateway.support.RawHttp;
import io.redismesh.gateway.support.Tokens;
import io.restassured.specification.RequestSpecification;

/** Regression tests for hostile input found by testing (issue 14): each answered 500, leaked, or did too much. */
@QuarkusTest
class HostileInputTest {

    private static final String NS = "/v1/namespaces/demo";
    private static final String PROBLEM = "application/problem+json";

    @Inject
    RedisDataSource redis;

    private LogCapture log;

    @BeforeEach
    void captureEveryLog() {
        log = LogCapture.of("");
    }

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    private static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    private static String key() {
        return "hostile-" + UUID.randomUUID();
    }

    @Test
    void anIncrementOutsideTheSigned64BitRangeIs400AndSendsNothing() {
        String key = key();
        for (String by : List.of("1e999999999", "1e100000000", "9223372036854775808", "-9223372036854775809", "1e-999999999")) {
            developer().body("{\"by\":" + by + "}").post(NS + "/keys/{key}/increment", key)
                    .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("/problems/bad-request"));
        }
        assertFalse(redis.key().exists("rgw:demo:" + key));
        developer().body("{\"by\":9223372036854775807}").post(NS + "/keys/{key}/increment", key)
                .then().statusCode(200).body("value", equalTo(9223372036854775807L));
    }

    @Test
    void aFractionWhereAnIntegerIsMeantIs400NotTruncated() {
        String key = key();
        redis.value(String.class).set("rgw:demo:" + key, "v");
        developer().body("{\"ttlMillis\":1.5}").put(NS + "/keys/{key}/ttl", key).then().statusCode(400).contentType(PROBLEM);
        assertEquals(-1L, redis.key().pttl("rgw:demo:" + key), "the TTL stays untouched");
        developer().body("{\"ttlMillis\":1000.5}").post(NS + "/locks/{name}/leases", key).then().statusCode(400).contentType(PROBLEM);
        developer().body("{\"permits\":1.9,\"ttlMillis\":1000}").post(NS + "/semaphores/{name}/leases", key)
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void aJsonNumberLongerThanAnyCallNeedsIs400() {
        String digits = "1".repeat(100);
        developer().body("{\"score\":" + digits + "}").put(NS + "/sorted-sets/{key}/members/{member}", key(), "m")
                .then().statusCode(400).contentType(PROBLEM);
        String deep = "[".repeat(100) + "]".repeat(100);
        developer().urlEncodingEnabled(false).body("{\"keys\":" + deep + "}").post(NS + "/keys:batchGet").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void anUnparsableQueryNumberIs400NamingTheParameter() {
        developer().get(NS + "/keys?limit=abc").then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("/problems/invalid-parameter")).body("detail", containsString("'limit'"));
        developer().get(NS + "/lists/{key}/items?start=1.5", key()).then().statusCode(400)
                .body("type", equalTo("/problems/invalid-parameter")).body("detail", containsString("'start'"));
    }

    @Test
    void aScanCursorOf64BitsOrMoreIs400() {
        developer().get(NS + "/keys?cursor=18446744073709551616").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void anEncodedSlashInTheNamespaceIs404WithoutAStackTrace() {
        given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer()).get("/v1/namespaces/de%2Fmo/keys/x")
                .then().statusCode(404).contentType(PROBLEM).body("type", equalTo("/problems/namespace-not-found"));
        given().urlEncodingEnabled(false).get("/v1/namespaces/de%2Fmo/keys/x").then().statusCode(401).contentType(PROBLEM);
        assertTrue(log.messages().stream().noneMatch(line -> line.contains("\tat ")), "no stack trace logged");
    }

    @Test
    void accessTokenIsAcceptedOnlyOnEventStreamRoutes() {
        redis.value(String.class).set("rgw:demo:events", "v");
        given().accept("text/event-stream").queryParam("access_token", Tokens.developer()).get(NS + "/keys/events")
                .then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void aMalformedAccessTokenIs401AndNeverLogged() {
        String token = Tokens.developer();
        given().urlEncodingEnabled(false).accept("text/event-stream").get(NS + "/channels/c/events?access_token=" + token + "%0A")
                .then().statusCode(401).contentType(PROBLEM);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertFalse(log.messages().stream().anyMatch(line -> line.contains(signature)), "the token reached a log line");
    }

    @Test
    void aNameThatIsNotUtf8Is400InsteadOfAliasingAnother() {
        for (String name : List.of("a%FFb", "a%FEb", "a%C3", "a%ED%A0%80")) {
            given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer()).body("v").put(NS + "/keys/" + name)
                    .then().statusCode(400).contentType(PROBLEM).body("type", equalTo("/problems/invalid-name"));
        }
        String valid = key() + "%EF%BF%BD";
        given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer()).body("v").put(NS + "/keys/" + valid).then().statusCode(201);
    }

    @Test
    void aWeakEntityTagNeverSatisfiesIfMatch() {
        String key = key();
        String etag = developer().body("v1").put(NS + "/keys/{key}", key).then().statusCode(201).extract().header("ETag");
        developer().header("If-Match", "W/" + etag).body("v2").put(NS + "/keys/{key}", key).then().statusCode(412).contentType(PROBLEM);
        developer().header("If-Match", "W/" + etag).delete(NS + "/keys/{key}", key).then().statusCode(412);
        developer().header("If-Match", etag).body("v2").put(NS + "/keys/{key}", key).then().statusCode(204);
    }

    @Test
    void unmatchedRoutesShareOneMetricsTagWhateverThePath() {
        String marker = "person-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 150; i++) {
            given().patch(NS + "/keys/{key}", marker + "-" + i + "@example.com").then().statusCode(405).contentType(PROBLEM);
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains(marker), "a raw path became a tag");
        assertTrue(metrics.matches("(?s).*http_server_requests_seconds_count\\{[^}]*method=\"PATCH\"[^}]*status=\"405\",uri=\"UNKNOWN\"\\} (1[5-9][0-9]|[2-9][0-9]{2}|[0-9]{4,})\\.0.*"),
                "every 405 counted under one tag");
    }

    @Test
    void theHttpLayersOwnFailuresAreProblems() throws IOException {
        RawHttp.Answer noHost = RawHttp.send("GET " + NS + "/keys/x HTTP/1.1\r\n\r\n", Duration.ofSeconds(5));
        assertEquals(400, noHost.status());
        assertTrue(noHost.text().contains(PROBLEM), noHost.text());

        RawHttp.Answer twoHosts = RawHttp.send("GET " + NS + "/keys/x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", Duration.ofSeconds(5));
        assertEquals(400, twoHosts.status());
        assertTrue(twoHosts.text().contains(PROBLEM), twoHosts.text());
        assertTrue(twoHosts.closed(), "an ambiguous request closes the connection");

        RawHttp.Answer tooLarge = RawHttp.send("PUT " + NS + "/keys/x HTTP/1.1\r\nHost: a\r\nContent-Length: 20000000\r\n\r\n",
                Duration.ofSeconds(5));
        assertEquals(413, tooLarge.status());
        assertTrue(tooLarge.text().contains(PROBLEM), tooLarge.text());
    }

    @Test
    void anIdleConnectionIsClosedWithinAMinute() {
        // Quarkus's default is 30 minutes: a slowloris client could hold connections that long (HalfSentRequestTest)
        assertEquals(Duration.ofSeconds(60), ConfigProvider.getConfig().getValue("quarkus.http.idle-timeout", Duration.class));
    }

    @Test
    void ambiguousContentLengthIsRefused() throws IOException {
        for (String framing : List.of("Content-Length: 3\r\nContent-Length: 4", "Content-Length: 3, 3",
                "Content-Length: 3\r\nTransfer-Encoding: chunked")) {
            RawHttp.Answer answer = RawHttp.send("PUT " + NS + "/keys/x HTTP/1.1\r\nHost: a\r\n" + framing + "\r\n\r\nabc", Duration.ofSeconds(5));
            assertEquals(400, answer.status(), framing);
            assertTrue(answer.closed(), framing);
        }
    }
}
