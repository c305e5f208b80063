package io.redismesh.gateway.stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.EventStreamClient;
import io.redismesh.gateway.support.EventStreamClient.Event;
import io.redismesh.gateway.support.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class StreamResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    private static String uniqueStream() {
        return "st-" + UUID.randomUUID();
    }

    static String append(String ns, String stream, String data) {
        return given().auth().oauth2(Tokens.developer()).contentType("text/plain; charset=UTF-8").body(data.getBytes(StandardCharsets.UTF_8))
                .post("/v1/namespaces/{ns}/streams/{stream}/messages", ns, stream)
                .then().log().ifValidationFails().statusCode(201).extract().path("id");
    }

    private static ValidatableResponse history(String ns, String stream, Map<String, ?> query) {
        return given().auth().oauth2(Tokens.developer()).queryParams(query)
                .get("/v1/namespaces/{ns}/streams/{stream}/messages", ns, stream).then().log().ifValidationFails();
    }

    private EventStreamClient feed(String ns, String stream, String query, String lastEventId) {
        return EventStreamClient.open(URI.create(base + "v1/namespaces/" + ns + "/streams/" + stream + "/events" + query),
                Tokens.developer(), lastEventId);
    }

    private static ValidatableResponse post(String path, Object body, Object... params) {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").body(body)
                .post("/v1/namespaces/{ns}/streams/{stream}/groups/{group}/" + path, params).then().log().ifValidationFails();
    }

    private static void createGroup(String ns, String stream, String group, String from, int status) {
        given().auth().oauth2(Tokens.developer()).contentType("application/json").body(Map.of("from", from))
                .put("/v1/namespaces/{ns}/streams/{stream}/groups/{group}", ns, stream, group)
                .then().log().ifValidationFails().statusCode(status);
    }

    private static List<Map<String, Object>> claim(String ns, String stream, String group, Map<String, Object> request) {
        return post("claims", request, ns, stream, group).statusCode(200).extract().jsonPath().getList("items");
    }

    private static int ack(String ns, String stream, String group, List<String> ids) {
        return post("acks", Map.of("ids", ids), ns, stream, group).statusCode(200).extract().path("acked");
    }

    @Test
    void appendAnswers201WithIdAndLocationOfTheEntry() {
        String stream = uniqueStream();
        var created = given().auth().oauth2(Tokens.developer()).contentType("text/plain").body("first")
                .post("/v1/namespaces/demo/streams/{stream}/messages", stream)
                .then().statusCode(201).body("id", matchesPattern("\\d+-\\d+")).extract();
        String id = created.path("id");
        String location = created.header("Location");
        assertTrue(location.endsWith("/v1/namespaces/demo/streams/" + stream + "/messages/" + id), location);
        given().auth().oauth2(Tokens.developer()).get(URI.create(location).getPath())
                .then().statusCode(200).body("id", equalTo(id)).body("data", equalTo("first"));
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/streams/{stream}/messages/{id}", stream, "1-0")
                .then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        // the entry is a plain Redis stream entry under the stream's hash-tagged key
        assertEquals(1L, redis.execute("XLEN", "rgw:demo:{" + stream + "}").toLong());
    }

    @Test
    void historyPagesFollowNextUntilNull() {
        String stream = uniqueStream();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(append("demo", stream, "m" + i));
        }
        JsonPath first = history("demo", stream, Map.of("limit", 2)).statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(0, 2), first.getList("items.id"));
        assertEquals(List.of("m0", "m1"), first.getList("items.data"));
        JsonPath second = history("demo", stream, Map.of("limit", 2, "after", first.getString("next"))).statusCode(200).extract().jsonPath();
        assertEquals(ids.subList(2, 4), second.getList("items.id"));
        history("demo", stream, Map.of("limit", 2, "after", second.getString("next"))).statusCode(200)
                .body("items.id", equalTo(ids.subList(4, 5))).body("next", nullValue());
        history("demo", stream, Map.of()).statusCode(200).body("items.data", equalTo(List.of("m0", "m1", "m2", "m3", "m4")));
        history("demo", uniqueStream(), Map.of()).statusCode(200).body("items", equalTo(List.of())).body("next", nullValue());
    }

    @Test
    void badIdsCursorsAndParametersAre400() {
        String stream = uniqueStream();
        append("demo", stream, "x");
        for (String after : List.of("abc", "1-", "-1", "1-x", "99999999999999999999999-0", "1-2-3", "+")) {
            history("demo", stream, Map.of("after", after)).statusCode(400).body("type", equalTo("/problems/bad-request"));
        }
        history("demo", stream, Map.of("limit", 0)).statusCode(400);
        history("demo", stream, Map.of("limit", 1001)).statusCode(400);
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/streams/{stream}/messages/{id}", stream, "nope").then().statusCode(400);
        try (EventStreamClient client = feed("demo", stream, "", "not-an-id")) {
            assertEquals(400, client.status());
        }
        try (EventStreamClient client = feed("demo", stream, "?after=12-ab", null)) {
            assertEquals(400, client.status());
        }
        createGroup("demo", stream, "g", "earliest", 201);
        post("acks", Map.of("ids", List.of("1-0", "x")), "demo", stream, "g").statusCode(400);
        post("acks", Map.of("ids", List.of()), "demo", stream, "g").statusCode(400);
        post("claims", Map.of("count", 1), "demo", stream, "g").statusCode(400);
        post("claims", Map.of("consumer", "c", "count", 0), "demo", stream, "g").statusCode(400);
        post("claims", Map.of("consumer", "c", "visibilityMillis", 0), "demo", stream, "g").statusCode(400);
        post("claims", Map.of("consumer", "c", "waitMillis", 3_600_000), "demo", stream, "g").statusCode(400);
        given().auth().oauth2(Tokens.developer()).contentType("application/json").body(Map.of("from", "middle"))
                .put("/v1/namespaces/demo/streams/{stream}/groups/g", stream).then().statusCode(400);
        given().auth().oauth2(Tokens.developer()).contentType("text/plain").body("}starts-with-brace")
                .post("/v1/namespaces/demo/streams/{stream}/messages", "}x").then().statusCode(400).body("type", equalTo("/problems/invalid-name"));
    }

    @Test
    void feedCarriesNewEntriesOnlyByDefaultWithTheEntryIdAsEventId() throws Exception {
        String stream = uniqueStream();
        append("demo", stream, "before");
        try (EventStreamClient client = feed("demo", stream, "", null)) {
            assertEquals(200, client.status());
            assertTrue(client.header("Content-Type").startsWith("text/event-stream"));
            client.awaitOpen();
            String id = append("demo", stream, "after\nsecond line");
            assertEquals("id: " + id, client.awaitLine(line -> line.startsWith("id:"), WAIT));
            assertEquals("event: message", client.nextLine(WAIT));
            assertEquals("data: after", client.nextLine(WAIT));
            assertEquals("data: second line", client.nextLine(WAIT));
        }
    }

    @Test
    void afterZeroReplaysEverythingRetainedThenContinuesLive() throws Exception {
        String stream = uniqueStream();
        for (int i = 0; i < 250; i++) {
            append("demo", stream, "old" + i);
        }
        try (EventStreamClient client = feed("demo", stream, "?after=0", null).awaitOpen()) {
            for (int i = 0; i < 250; i++) {
                assertEquals(new Event("message", "old" + i), client.nextEvent(WAIT));
            }
            append("demo", stream, "new");
            assertEquals(new Event("message", "new"), client.nextEvent(WAIT));
        }
    }

    @Test
    void resumeAfterADroppedConnectionLosesAndRepeatsNothing() throws Exception {
        String stream = uniqueStream();
        String lastSeen;
        try (EventStreamClient client = feed("demo", stream, "", null).awaitOpen()) {
            for (int i = 0; i < 3; i++) {
                append("demo", stream, "m" + i);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(new Event("message", "m" + i), client.nextEvent(WAIT));
            }
            lastSeen = client.lastEventId();
        }
        // appended while the client is away, and while it reconnects
        for (int i = 3; i < 8; i++) {
            append("demo", stream, "m" + i);
        }
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try (EventStreamClient client = feed("demo", stream, "?after=0", lastSeen)) {
            Future<?> meanwhile = appender.submit(() -> {
                for (int i = 8; i < 60; i++) {
                    append("demo", stream, "m" + i);
                }
            });
            client.awaitOpen();
            for (int i = 3; i < 60; i++) {
                assertEquals(new Event("message", "m" + i), client.nextEvent(WAIT), "entry " + i);
            }
            meanwhile.get(30, TimeUnit.SECONDS);
            append("demo", stream, "last");
            assertEquals(new Event("message", "last"), client.nextEvent(WAIT), "nothing repeated before the next entry");
        } finally {
            appender.shutdownNow();
        }
    }

    @Test
    void feedsKeepEveryEntryWhenTheGatewaysRedisReaderIsCut() throws Exception {
        String stream = uniqueStream();
        try (EventStreamClient client = feed("demo", stream, "", null).awaitOpen()) {
            append("demo", stream, "before");
            assertEquals(new Event("message", "before"), client.nextEvent(WAIT));
            String reader = Arrays.stream(redis.execute("CLIENT", "LIST").toString().split("\n"))
                    .filter(line -> line.contains(" cmd=xread ")).findFirst().orElseThrow();
            String id = reader.substring(reader.indexOf("id=") + 3, reader.indexOf(' '));
            redis.execute("CLIENT", "KILL", "ID", id);
            for (int i = 0; i < 20; i++) {
                append("demo", stream, "m" + i);
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(new Event("message", "m" + i), client.nextEvent(WAIT), "entry " + i);
            }
            append("demo", stream, "after");
            assertEquals(new Event("message", "after"), client.nextEvent(WAIT), "nothing repeated");
        }
    }

    @Test
    void aStreamReplacedByAnotherTypeEndsItsFeedsAndNoOtherStreamStalls() throws Exception {
        String replaced = uniqueStream();
        String other = uniqueStream();
        append("demo", replaced, "x");
        try (EventStreamClient doomed = feed("demo", replaced, "", null).awaitOpen();
                EventStreamClient bystander = feed("demo", other, "", null).awaitOpen()) {
            append("demo", other, "one");
            assertEquals(new Event("message", "one"), bystander.nextEvent(WAIT));
            redis.execute("DEL", "rgw:demo:{" + replaced + "}");
            redis.execute("SET", "rgw:demo:{" + replaced + "}", "a string now");
            append("demo", other, "two");
            assertEquals(new Event("message", "two"), bystander.nextEvent(WAIT), "the reader goes on for the other streams");
            assertEquals(null, doomed.nextEvent(WAIT), "the replaced stream's feed ends");
        }
    }

    @Test
    void resumeFromATrimmedIdSaysGapFirstThenReplaysWhatIsLeft() throws Exception {
        String stream = uniqueStream();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(append("retained", stream, "m" + i));
        }
        List<String> retained = history("retained", stream, Map.of("limit", 1000)).statusCode(200).extract().jsonPath().getList("items.id");
        assertTrue(retained.size() < 300 && !retained.contains(ids.get(0)), "trimmed to " + retained.size());
        try (EventStreamClient client = feed("retained", stream, "", ids.get(0)).awaitOpen()) {
            assertEquals(new Event("gap", retained.get(0)), client.nextEvent(WAIT));
            for (String id : retained) {
                client.nextEvent(WAIT);
                assertEquals(id, client.lastEventId());
            }
        }
        // a resume point that is still retained has no gap
        try (EventStreamClient client = feed("retained", stream, "?after=" + retained.get(0), null).awaitOpen()) {
            assertEquals(new Event("message", "m" + ids.indexOf(retained.get(1))), client.nextEvent(WAIT));
        }
    }

    @Test
    void appendsTrimApproximatelyToTheRetainedCountOrAge() throws Exception {
        String counted = uniqueStream();
        for (int i = 0; i < 400; i++) {
            append("retained", counted, "m" + i);
        }
        long length = redis.execute("XLEN", "rgw:retained:{" + counted + "}").toLong();
        // MAXLEN ~ 10 drops whole macro nodes (100 entries by default): at least 10 stay, far fewer than 400
        assertTrue(length >= 10 && length <= 110, "length " + length);

        String aged = uniqueStream();
        for (int i = 0; i < 150; i++) {
            append("aged", aged, "m" + i);
        }
        Thread.sleep(1100);
        append("aged", aged, "fresh");
        long left = redis.execute("XLEN", "rgw:aged:{" + aged + "}").toLong();
        assertTrue(left <= 51, "entries older than a second are trimmed by node: " + left);
    }

    @Test
    void groupCreationIsIdempotentAndClaimsOfAMissingGroupAre404() {
        String stream = uniqueStream();
        createGroup("demo", stream, "workers", "latest", 201);
        createGroup("demo", stream, "workers", "earliest", 204);
        post("claims", Map.of("consumer", "c"), "demo", stream, "nobody").statusCode(404).body("type", equalTo("/problems/group-not-found"));
        post("claims", Map.of("consumer", "c"), "demo", uniqueStream(), "nobody").statusCode(404);
        // latest: entries before the group are not its work
        String early = uniqueStream();
        append("demo", early, "before");
        createGroup("demo", early, "late", "latest", 201);
        createGroup("demo", early, "all", "earliest", 201);
        assertEquals(List.of(), claim("demo", early, "late", Map.of("consumer", "c")));
        assertEquals(1, claim("demo", early, "all", Map.of("consumer", "c")).size());
    }

    @Test
    void competingConsumersTogetherSeeEveryEntryExactlyOnceWhenTheyAck() throws Exception {
        String stream = uniqueStream();
        createGroup("demo", stream, "workers", "earliest", 201);
        Set<String> appended = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            appended.add(append("demo", stream, "job" + i));
        }
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            String consumer = "worker-" + w;
            workers.add(CompletableFuture.runAsync(() -> {
                while (true) {
                    List<Map<String, Object>> items = claim("demo", stream, "workers", Map.of("consumer", consumer, "count", 7));
                    if (items.isEmpty()) {
                        return;
                    }
                    List<String> ids = items.stream().map(item -> (String) item.get("id")).toList();
                    ids.forEach(id -> seen.merge(id, 1, Integer::sum));
                    assertEquals(ids.size(), ack("demo", stream, "workers", ids));
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertEquals(appended, seen.keySet());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "an entry was delivered twice: " + seen);
        assertEquals(0L, redis.execute("XPENDING", "rgw:demo:{" + stream + "}", "workers").get(0).toLong());
    }

    @Test
    void unackedEntryIsDeliveredAgainAfterTheVisibilityTimeoutWithItsDeliveryCount() throws Exception {
        String stream = uniqueStream();
        createGroup("demo", stream, "workers", "earliest", 201);
        String id = append("demo", stream, "job");
        // generous: the shared test machine can be slow between two calls
        Map<String, Object> asA = Map.of("consumer", "a", "visibilityMillis", 3000);
        Map<String, Object> asB = Map.of("consumer", "b", "visibilityMillis", 3000);
        List<Map<String, Object>> first = claim("demo", stream, "workers", asA);
        assertEquals(List.of(Map.of("id", id, "data", "job", "deliveries", 1)), first);
        assertEquals(List.of(), claim("demo", stream, "workers", asB), "still within a's visibility timeout");
        Thread.sleep(3100);
        assertEquals(List.of(Map.of("id", id, "data", "job", "deliveries", 2)), claim("demo", stream, "workers", asB));
        assertEquals(1, ack("demo", stream, "workers", List.of(id)));
        assertEquals(0, ack("demo", stream, "workers", List.of(id)), "acks are safe to retry");
        Thread.sleep(3100);
        assertEquals(List.of(), claim("demo", stream, "workers", asB), "an acknowledged entry is not delivered again");
    }

    @Test
    void entryDeliveredMaxDeliveriesTimesMovesToTheDeadLetterStream() throws Exception {
        String stream = uniqueStream();
        createGroup("retained", stream, "workers", "earliest", 201);
        String id = append("retained", stream, "poison");
        Map<String, Object> claim = Map.of("consumer", "a", "visibilityMillis", 50);
        // max-deliveries is 2 in namespace "retained"
        assertEquals(1, claim("retained", stream, "workers", claim).get(0).get("deliveries"));
        Thread.sleep(100);
        assertEquals(2, claim("retained", stream, "workers", claim).get(0).get("deliveries"));
        Thread.sleep(100);
        assertEquals(List.of(), claim("retained", stream, "workers", claim), "a third delivery would pass max-deliveries");

        history("retained", stream + ".dead-letter", Map.of()).statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].data", equalTo("poison"))
                .body("items[0].originalId", equalTo(id))
                .body("items[0].deliveries", equalTo(2));
        assertEquals(0L, redis.execute("XPENDING", "rgw:retained:{" + stream + "}", "workers").get(0).toLong(), "acked in the group");
        // the dead-letter stream's key carries the stream's hash tag (one Cluster slot)
        assertEquals(1L, redis.execute("XLEN", "rgw:retained:{" + stream + "}.dead-letter").toLong());
    }

    @Test
    void waitingClaimIsWokenByAnAppend() throws Exception {
        String stream = uniqueStream();
        createGroup("demo", stream, "workers", "latest", 201);
        long started = System.nanoTime();
        CompletableFuture<List<Map<String, Object>>> waiting = CompletableFuture.supplyAsync(
                () -> claim("demo", stream, "workers", Map.of("consumer", "a", "waitMillis", 20_000)));
        Thread.sleep(500);
        assertTrue(!waiting.isDone(), "the claim waits for an entry");
        String id = append("demo", stream, "job");
        List<Map<String, Object>> items = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(List.of(Map.of("id", id, "data", "job", "deliveries", 1)), items);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 15_000);

        long before = System.nanoTime();
        assertEquals(List.of(), claim("demo", stream, "workers", Map.of("consumer", "a", "waitMillis", 700)));
        assertTrue(Duration.ofNanos(System.nanoTime() - before).toMillis() >= 650, "an empty claim waits its waitMillis");
    }

    @Test
    void browsersPassTheTokenAsAccessTokenOnTheFeed() throws Exception {
        String stream = uniqueStream();
        URI uri = URI.create(base + "v1/namespaces/demo/streams/" + stream + "/events?access_token=" + Tokens.developer());
        try (EventStreamClient browser = EventStreamClient.open(uri, null).awaitOpen()) {
            append("demo", stream, "hi");
            assertEquals(new Event("message", "hi"), browser.nextEvent(WAIT));
        }
        given().queryParam("access_token", Tokens.developer()).get("/v1/namespaces/demo/streams/{stream}/messages", stream)
                .then().statusCode(401);
    }

    @Test
    void appendNeedsPublishAndReadingNeedsSubscribe() {
        String stream = uniqueStream();
        String subscriber = Tokens.withGroups("matrix-subscriber");
        String publisher = Tokens.withGroups("matrix-publisher");
        given().auth().oauth2(subscriber).contentType("text/plain").body("x").post("/v1/namespaces/matrix/streams/{s}/messages", stream)
                .then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        given().auth().oauth2(publisher).contentType("text/plain").body("x").post("/v1/namespaces/matrix/streams/{s}/messages", stream)
                .then().statusCode(201);
        given().auth().oauth2(publisher).get("/v1/namespaces/matrix/streams/{s}/messages", stream).then().statusCode(403);
        given().auth().oauth2(publisher).contentType("application/json").body(Map.of("consumer", "c"))
                .post("/v1/namespaces/matrix/streams/{s}/groups/g/claims", stream).then().statusCode(403);
        given().auth().oauth2(subscriber).get("/v1/namespaces/matrix/streams/{s}/messages", stream).then().statusCode(200)
                .body("items.data", equalTo(List.of("x")));
    }
}
