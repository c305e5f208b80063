package io.redismesh.gateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Many listeners on one stream cost no Redis connection each: 1 000 feed clients share the
 * instance's one blocking reader, and 200 waiting claims hold no connection at all.
 */
@QuarkusTest
@TestProfile(StreamFanOutTest.ManyStreams.class)
class StreamFanOutTest {

    public static class ManyStreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.sse.max-connections", "1100");
        }
    }

    private static final int SUBSCRIBERS = 1000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    @Inject
    Vertx vertx;

    /** Clients of the test Redis whose last command was {@code cmd}: a blocked reader shows its XREAD. */
    private long clientsRunning(String cmd) {
        return Arrays.stream(redis.execute("CLIENT", "LIST").toString().split("\n")).filter(line -> line.contains(" cmd=" + cmd + " ")).count();
    }

    private long connectedClients() {
        return redis.execute("INFO", "clients").toString().lines().filter(line -> line.startsWith("connected_clients:"))
                .map(line -> Long.parseLong(line.substring("connected_clients:".length()).trim())).findFirst().orElseThrow();
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
                .setMaxPoolSize(connections).setMaxWaitQueueSize(-1));
    }

    @Test
    void thousandFeedSubscribersOnOneStreamShareOneRedisReader() {
        String stream = "fan-" + UUID.randomUUID();
        long clientsBefore = connectedClients();
        HttpClient http = client(SUBSCRIBERS);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        List<HttpClientResponse> responses = new ArrayList<>();
        try {
            for (int i = 0; i < SUBSCRIBERS; i++) {
                http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/v1/namespaces/demo/streams/" + stream + "/events")
                        .putHeader("Accept", "text/event-stream").putHeader("Authorization", "Bearer " + Tokens.developer()))
                        .compose(request -> request.send()).onSuccess(response -> {
                            synchronized (responses) {
                                responses.add(response);
                            }
                            StringBuilder wire = new StringBuilder();
                            response.handler(chunk -> {
                                wire.append(chunk.toString());
                                if (wire.indexOf("retry: ") >= 0 && wire.indexOf("\u0000open") < 0) {
                                    wire.append("\u0000open");
                                    open.incrementAndGet();
                                }
                                if (wire.indexOf("data: fanned out") >= 0 && wire.indexOf("\u0000got") < 0) {
                                    wire.append("\u0000got");
                                    received.incrementAndGet();
                                }
                            });
                        });
            }
            Awaitility.await().atMost(WAIT).until(() -> open.get() == SUBSCRIBERS);
            StreamResourceTest.append("demo", stream, "fanned out");
            Awaitility.await().atMost(WAIT).until(() -> received.get() == SUBSCRIBERS);

            assertEquals(1, clientsRunning("xread"), "one blocking XREAD serves every subscriber");
            long grown = connectedClients() - clientsBefore;
            assertTrue(grown < 10, "Redis connections grew by " + grown + " for " + SUBSCRIBERS + " subscribers");
        } finally {
            synchronized (responses) {
                responses.forEach(response -> response.request().connection().close());
            }
            http.close();
        }
    }

    @Test
    void waitingClaimsHoldNoRedisConnection() {
        String stream = "queue-" + UUID.randomUUID();
        StreamResourceTest.append("demo", stream, "seed");
        io.restassured.RestAssured.given().auth().oauth2(Tokens.developer()).contentType("application/json")
                .body(Map.of("from", "latest")).put("/v1/namespaces/demo/streams/{s}/groups/workers", stream).then().statusCode(201);
        int workers = 200;
        long clientsBefore = connectedClients();
        HttpClient http = client(workers);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger claimed = new AtomicInteger();
        try {
            for (int i = 0; i < workers; i++) {
                JsonObject body = new JsonObject().put("consumer", "w" + i).put("waitMillis", 20_000);
                http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/v1/namespaces/demo/streams/" + stream + "/groups/workers/claims")
                        // one principal per worker: each may hold max-blocking-calls long polls, not more
                        .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + Tokens.DEV.forSubject("worker-" + i, "developer")))
                        .compose(request -> request.send(Buffer.buffer(body.encode()))).compose(HttpClientResponse::body).onSuccess(reply -> {
                            answered.incrementAndGet();
                            claimed.addAndGet(new JsonObject(reply).getJsonArray("items").size());
                        });
            }
            Awaitility.await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
            assertEquals(0, answered.get(), "the claims wait");
            long grown = connectedClients() - clientsBefore;
            assertTrue(grown < 10, "Redis connections grew by " + grown + " for " + workers + " waiting claims");
            for (int i = 0; i < 5; i++) {
                StreamResourceTest.append("demo", stream, "job" + i);
            }
            Awaitility.await().atMost(WAIT).until(() -> claimed.get() == 5);
        } finally {
            http.close();
        }
    }
}
