package io.redismesh.gateway.ops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.LogCapture;
import io.redismesh.gateway.support.ShortRedisTimeout;
import io.redismesh.gateway.support.Tokens;

/** Redis paused past the timeout ({@code CLIENT PAUSE} on the test's own redis-server): readiness and logs stay bounded. */
@QuarkusTest
@TestProfile(ShortRedisTimeout.class)
class RedisOutageTest {

    @Inject
    RedisDataSource redis;

    @Test
    void readinessAnswersDownWithinTheRedisTimeout() {
        // a cold instance takes seconds for its first probes, Redis or not
        for (int i = 0; i < 3; i++) {
            given().get("/q/health/ready").then().statusCode(200);
        }
        redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "ALL");
        long started = System.nanoTime();
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'redis' }.status", equalTo("DOWN"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        // (the pause lasts 6 s: the bound leaves room for a machine busy with other tests)
        assertTrue(millis < 3_500, "readiness answered after " + millis + " ms; the Redis timeout is 1 s");
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/ready").then().extract().statusCode() == 200);
    }

    @Test
    void valuesAreReadWhileRedisPausesWrites() {
        String key = "paused-" + java.util.UUID.randomUUID();
        String token = Tokens.developer();
        given().auth().oauth2(token).body("still here").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        // a failover or a replica resync pauses writes: reads go on (a Lua read would count as a write on Redis 6)
        redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "WRITE");
        try {
            for (int i = 0; i < 2; i++) { // the resource's path, then the fast path
                given().auth().oauth2(token).get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(200).body(equalTo("still here"));
            }
        } finally {
            redis.execute("CLIENT", "UNPAUSE");
        }
    }

    @Test
    void anOutageLogsOneWarningPerStateChangeAndNoErrorPerRequest() {
        LogCapture log = LogCapture.of("io.redismesh.gateway");
        try {
            // Redis answers first (a test before may have ended inside an outage)
            await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(Tokens.developer())
                    .get("/v1/namespaces/demo/keys/{key}", "outage").then().extract().statusCode() == 404);
            log.clear();
            redis.execute("CLIENT", "PAUSE", ShortRedisTimeout.PAUSE_MILLIS, "ALL");
            for (int i = 0; i < 3; i++) {
                given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", "outage").then().statusCode(503);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(Tokens.developer())
                    .get("/v1/namespaces/demo/keys/{key}", "outage").then().extract().statusCode() == 404);
        } finally {
            log.close();
        }
        List<String> warnings = log.records().stream().filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
                .map(RedisOutageTest::text).toList();
        assertEquals(2, warnings.size(), "one warning when the outage began, one when it ended: " + warnings);
        assertTrue(warnings.get(0).startsWith("Redis unavailable"), warnings.toString());
        assertEquals("Redis answers again", warnings.get(1));
    }

    private static String text(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    }
}
