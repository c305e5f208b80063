package io.redismesh.gateway.pubsub;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.redismesh.gateway.sse.SseStreams;
import io.redismesh.gateway.support.EventStreamClient;
import io.redismesh.gateway.support.EventStreamClient.Event;
import io.redismesh.gateway.support.Tokens;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.redis.client.Response;

@QuarkusTest
class ChannelResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    @Inject
    @Identifier(EmbeddedRedis.PROVIDER_NAME)
    EmbeddedRedis embeddedRedis;

    @Inject
    SseStreams streams;

    private static String uniqueChannel() {
        return "ch-" + UUID.randomUUID();
    }

    private EventStreamClient subscribe(String ns, String channel) throws InterruptedException {
        return open("v1/namespaces/" + ns + "/channels/" + encode(channel) + "/events", Tokens.developer()).awaitOpen();
    }

    private EventStreamClient open(String path, String token) {
        return EventStreamClient.open(URI.create(base.toString() + path), token);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int publish(String ns, String channel, String payload) {
        return given().auth().oauth2(Tokens.developer()).contentType("text/plain; charset=UTF-8").body(payload.getBytes(StandardCharsets.UTF_8))
                .post("/v1/namespaces/{ns}/channels/{channel}/messages", ns, channel)
                .then().log().ifValidationFails().statusCode(202).extract().path("receivers");
    }

    private long numsub(String redisChannel) {
        Response reply = redis.execute("PUBSUB", "NUMSUB", redisChannel);
        return reply.get(1).toLong();
    }

    private long numpat() {
        return redis.execute("PUBSUB", "NUMPAT").toLong();
    }

    @Test
    void publishedMessageArrivesAsMessageEventWithStreamHeaders() throws Exception {
        String channel = uniqueChannel();
        try (EventStreamClient client = subscribe("demo", channel)) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"), client.header("Content-Type"));
            assertEquals("no-cache", client.header("Cache-Control"));
            assertEquals("no", client.header("X-Accel-Buffering"));

            assertEquals(1, publish("demo", channel, "hello"));

            assertEquals("event: message", client.awaitLine(line -> line.startsWith("event:"), WAIT));
            assertEquals("data: hello", client.nextLine(WAIT));
            assertEquals("", client.nextLine(WAIT));
        }
    }

    @Test
    void streamOpensWithRetryAdvice() throws Exception {
        try (EventStreamClient client = open("v1/namespaces/demo/channels/" + uniqueChannel() + "/events", Tokens.developer())) {
            assertEquals("retry: 3000", client.nextLine(WAIT));
            assertEquals("", client.nextLine(WAIT));
        }
    }

    @Test
    void multiLineAndUtf8PayloadsAreFramedAsDataLinesAndArriveIntact() throws Exception {
        String channel = uniqueChannel();
        String payload = "line one\nline two\r\nline three\rgrüße € 😀\n\n  indented";
        try (EventStreamClient client = subscribe("demo", channel)) {
            publish("demo", channel, payload);

            assertEquals("event: message", client.awaitLine(line -> line.startsWith("event:"), WAIT));
            List<String> wire = new ArrayList<>();
            for (String line = client.nextLine(WAIT); !line.isEmpty(); line = client.nextLine(WAIT)) {
                wire.add(line);
            }
            assertEquals(List.of("data: line one", "data: line two", "data: line three", "data: grüße € 😀", "data: ",
                    "data:   indented"), wire);

            publish("demo", channel, payload);
            Event parsed = client.nextEvent(WAIT);
            assertEquals(new Event("message", "line one\nline two\nline three\ngrüße € 😀\n\n  indented"), parsed);
        }
    }

    @Test
    void emptyPayloadIsStillAnEvent() throws Exception {
        String channel = uniqueChannel();
        try (EventStreamClient client = subscribe("demo", channel)) {
            publish("demo", channel, "");
            assertEquals(new Event("message", ""), client.nextEvent(WAIT));
        }
    }

    @Test
    void messagesArriveInPublishOrder() throws Exception {
        String channel = uniqueChannel();
        try (EventStreamClient client = subscribe("demo", channel)) {
            for (int i = 0; i < 100; i++) {
                publish("demo", channel, "m" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertEquals(new Event("message", "m" + i), client.nextEvent(WAIT));
            }
        }
    }

    @Test
    void idleStreamGetsHeartbeatComments() throws Exception {
        try (EventStreamClient client = subscribe("demo", uniqueChannel())) {
            // gateway.sse.heartbeat is 2 s in the test profile
            assertEquals(": keep-alive", client.awaitLine(line -> line.startsWith(":"), Duration.ofSeconds(5)));
        }
    }

    @Test
    void oneRedisSubscriptionPerChannelIsSharedAndDroppedAfterTheLastClient() throws Exception {
        String channel = uniqueChannel();
        String redisChannel = "rgw:demo:" + channel;
        EventStreamClient first = subscribe("demo", channel);
        EventStreamClient second = subscribe("demo", channel);
        try (EventStreamClient third = subscribe("demo", channel)) {
            assertEquals(1, numsub(redisChannel), "three clients share one Redis subscription");
            assertEquals(1, publish("demo", channel, "to all"));
            for (EventStreamClient client : List.of(first, second, third)) {
                assertEquals(new Event("message", "to all"), client.nextEvent(WAIT));
            }

            int open = streams.openStreams();
            first.close();
            second.close();
            Awaitility.await().atMost(WAIT).until(() -> streams.openStreams() == open - 2);
            assertEquals(1, numsub(redisChannel), "the last client still holds the subscription");
            publish("demo", channel, "still here");
            assertEquals(new Event("message", "still here"), third.nextEvent(WAIT));
        }
        Awaitility.await().atMost(WAIT).until(() -> numsub(redisChannel) == 0);
        assertTrue(redis.execute("PUBSUB", "CHANNELS", redisChannel).size() == 0);
    }

    @Test
    void patternSubscriptionNamesTheChannelAndIsCountedOnce() throws Exception {
        String prefix = "orders-" + UUID.randomUUID() + ".";
        long patternsBefore = numpat();
        String path = "v1/namespaces/demo/channels/events?pattern=" + encode(prefix + "*");
        try (EventStreamClient first = open(path, Tokens.developer()).awaitOpen();
                EventStreamClient second = open(path, Tokens.developer()).awaitOpen()) {
            assertEquals(patternsBefore + 1, numpat(), "two clients share one PSUBSCRIBE");
            publish("demo", prefix + "eu", "first\nsecond");
            publish("demo", "payments.eu", "not matched");
            publish("demo", prefix + "us", "third");

            assertEquals(new Event("message", "{\"channel\":\"" + prefix + "eu\",\"data\":\"first\\nsecond\"}"), first.nextEvent(WAIT));
            assertEquals(new Event("message", "{\"channel\":\"" + prefix + "us\",\"data\":\"third\"}"), first.nextEvent(WAIT));
            assertEquals(new Event("message", "{\"channel\":\"" + prefix + "eu\",\"data\":\"first\\nsecond\"}"), second.nextEvent(WAIT));
        }
        Awaitility.await().atMost(WAIT).until(() -> numpat() == patternsBefore);
    }

    @Test
    void patternsNeverMatchAnotherNamespacesChannels() throws Exception {
        // globby's raw prefix is "rgw:star*[x]:": unescaped, "*" would also match "rgw:starX..." and "rgw:star:..."
        try (EventStreamClient client = open("v1/namespaces/globby/channels/events?pattern=*", Tokens.developer()).awaitOpen()) {
            redis.pubsub(String.class).publish("rgw:starXx:leak", "other namespace");
            redis.pubsub(String.class).publish("rgw:star:leak", "other namespace");
            redis.pubsub(String.class).publish("rgw:demo:leak", "other namespace");
            publish("globby", "inside", "mine");
            assertEquals(new Event("message", "{\"channel\":\"inside\",\"data\":\"mine\"}"), client.nextEvent(WAIT));
        }
    }

    @Test
    void patternsThatAreMalformedOrTooCostlyAreRefused() {
        for (String pattern : List.of("abc\\", "[abc", "*a*b*c*d*e*f*g*h*i", "")) {
            given().auth().oauth2(Tokens.developer()).accept("text/event-stream").queryParam("pattern", pattern)
                    .get("/v1/namespaces/demo/channels/events").then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(Tokens.developer()).accept("text/event-stream").get("/v1/namespaces/demo/channels/events")
                .then().statusCode(400).body("type", equalTo("/problems/bad-request"));
    }

    @Test
    void clientThatFallsBehindGetsOverflowAndIsClosed() throws Exception {
        String channel = uniqueChannel();
        String redisChannel = "rgw:demo:" + channel;
        String big = "x".repeat(64 * 1024);
        double droppedBefore = dropped();
        try (EventStreamClient stalled = open("v1/namespaces/demo/channels/" + channel + "/events", Tokens.developer())) {
            Awaitility.await().atMost(WAIT).until(() -> numsub(redisChannel) == 1);
            // the client reads nothing: socket buffers fill, then the gateway's 64-event buffer
            for (int i = 0; i < 400 && numsub(redisChannel) == 1; i++) {
                redis.pubsub(String.class).publish(redisChannel, big);
            }
            Awaitility.await().atMost(WAIT).until(() -> numsub(redisChannel) == 0);
            assertEquals(droppedBefore + 1, dropped());

            Event last = null;
            for (Event event = stalled.nextEvent(WAIT); event != null; event = stalled.nextEvent(WAIT)) {
                last = event;
            }
            assertEquals("overflow", last.type(), "the stream ends with event: overflow");
        }
    }

    @Test
    void stalledClientIsResetAfterTwoHeartbeats() throws Exception {
        String channel = uniqueChannel();
        String redisChannel = "rgw:demo:" + channel;
        String big = "y".repeat(64 * 1024);
        try (EventStreamClient stalled = open("v1/namespaces/demo/channels/" + channel + "/events", Tokens.developer())) {
            Awaitility.await().atMost(WAIT).until(() -> numsub(redisChannel) == 1);
            for (int i = 0; i < 400 && numsub(redisChannel) == 1; i++) {
                redis.pubsub(String.class).publish(redisChannel, big);
            }
            Awaitility.await().atMost(WAIT).until(() -> numsub(redisChannel) == 0);
            // time passing is the point here: the client does not take its last frame within two 2 s heartbeats
            Thread.sleep(5000);
            Event last = null;
            for (Event event = stalled.nextEvent(WAIT); event != null; event = stalled.nextEvent(WAIT)) {
                last = event;
            }
            assertTrue(last == null || last.type().equals("message"), "the connection was reset before the overflow event: " + last);
        }
    }

    private double dropped() {
        return metric("gateway_pubsub_dropped_total");
    }

    /** The sum of a Prometheus series whose line starts with this text. */
    private static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void metricsCountOpenStreamsByKindAndMessagesFannedOut() throws Exception {
        String channel = uniqueChannel();
        double fannedOutBefore = metric("gateway_pubsub_fanout_total");
        try (EventStreamClient first = subscribe("demo", channel); EventStreamClient second = subscribe("demo", channel);
                EventStreamClient pattern = open("v1/namespaces/demo/channels/events?pattern=" + encode(channel), Tokens.developer()).awaitOpen()) {
            assertTrue(metric("gateway_sse_streams{kind=\"channel\"") >= 2);
            assertTrue(metric("gateway_sse_streams{kind=\"pattern\"") >= 1);
            publish("demo", channel, "counted");
            for (EventStreamClient client : List.of(first, second, pattern)) {
                client.nextEvent(WAIT);
            }
            assertEquals(fannedOutBefore + 3, metric("gateway_pubsub_fanout_total"));
        }
    }

    @Test
    void subscribersStayConnectedAcrossARedisRestartAndAreToldTheyReconnected() throws Exception {
        String channel = uniqueChannel();
        try (EventStreamClient client = subscribe("demo", channel)) {
            embeddedRedis.stop();
            try {
                Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(Tokens.developer()).accept("text/event-stream")
                        .get("/v1/namespaces/demo/channels/{channel}/events", uniqueChannel()).then()
                        .statusCode(503).header("Retry-After", "1").body("type", equalTo("/problems/backend-unavailable")));
            } finally {
                embeddedRedis.start();
            }
            assertEquals(new Event("reconnected", ""), client.nextEvent(Duration.ofSeconds(20)));
            Awaitility.await().atMost(WAIT).until(() -> numsub("rgw:demo:" + channel) == 1);
            publish("demo", channel, "after the restart");
            assertEquals(new Event("message", "after the restart"), client.nextEvent(WAIT));
        }
    }

    @Test
    void browsersMayPassTheTokenAsAccessTokenOnEventStreamsOnly() throws Exception {
        String token = Tokens.developer();
        String channel = uniqueChannel();
        try (EventStreamClient browser = open("v1/namespaces/demo/channels/" + channel + "/events?access_token=" + token, null)) {
            assertEquals(200, browser.status());
            browser.awaitOpen();
            publish("demo", channel, "to the browser");
            assertEquals(new Event("message", "to the browser"), browser.nextEvent(WAIT));
        }
        try (EventStreamClient invalid = open("v1/namespaces/demo/channels/" + channel + "/events?access_token=" + Tokens.expired(), null)) {
            assertEquals(401, invalid.status());
        }
        given().queryParam("access_token", token).get("/v1/namespaces/demo/keys/anything").then().statusCode(401);
        given().queryParam("access_token", token).contentType("text/plain").body("x")
                .post("/v1/namespaces/demo/channels/{channel}/messages", channel).then().statusCode(401);
        given().queryParam("access_token", token).accept("application/json")
                .get("/v1/namespaces/demo/channels/{channel}/events", channel).then().statusCode(401);
    }

    @Test
    void publishAndSubscribeNeedTheirRoles() {
        String reader = Tokens.withGroups("reader");
        given().auth().oauth2(reader).accept("text/event-stream").get("/v1/namespaces/demo/channels/c/events").then()
                .statusCode(403).body("type", equalTo("/problems/forbidden"));
        given().auth().oauth2(reader).contentType("text/plain").body("x").post("/v1/namespaces/demo/channels/c/messages").then()
                .statusCode(403);
        given().accept("text/event-stream").get("/v1/namespaces/demo/channels/c/events").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"));
    }

    @Test
    void publishWithoutSubscribersReachesNobody() {
        given().auth().oauth2(Tokens.developer()).contentType("application/json").body("{\"a\":1}")
                .post("/v1/namespaces/demo/channels/{channel}/messages", uniqueChannel())
                .then().statusCode(202).contentType("application/json").body("receivers", equalTo(0));
    }

    @Test
    void publishRefusesBytesThatAreNotUtf8() {
        given().auth().oauth2(Tokens.developer()).contentType("application/octet-stream").body(new byte[] { (byte) 0xC3, (byte) 0x28 })
                .post("/v1/namespaces/demo/channels/{channel}/messages", uniqueChannel())
                .then().statusCode(400).body("type", equalTo("/problems/bad-request"));
    }

    @Test
    void streamsBeyondMaxConnectionsAre503WithRetryAfter() throws Exception {
        // gateway.sse.max-connections is 20 in the test profile
        List<EventStreamClient> clients = new ArrayList<>();
        try {
            EventStreamClient refused = null;
            for (int i = 0; i < 21 && refused == null; i++) {
                EventStreamClient client = open("v1/namespaces/demo/channels/" + uniqueChannel() + "/events", Tokens.developer());
                if (client.status() == 503) {
                    refused = client;
                } else {
                    clients.add(client.awaitOpen());
                }
            }
            assertTrue(refused != null, "the 21st stream is refused");
            assertEquals("3", refused.header("Retry-After"));
            assertTrue(refused.body().contains("/problems/too-many-streams"));
            refused.close();

            clients.remove(0).close();
            Awaitility.await().atMost(WAIT).until(() -> streams.openStreams() < 20);
            clients.add(subscribe("demo", uniqueChannel()));
        } finally {
            clients.forEach(EventStreamClient::close);
        }
    }

    @Test
    void closeAllEndsEveryChannelStreamWithShutdown() throws Exception {
        try (EventStreamClient client = subscribe("demo", uniqueChannel())) {
            streams.closeAll();
            assertEquals(new Event("shutdown", ""), client.nextEvent(WAIT));
            assertNull(client.nextEvent(WAIT), "the stream ends");
        }
    }
}
