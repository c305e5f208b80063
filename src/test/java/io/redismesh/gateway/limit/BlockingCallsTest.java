package io.redismesh.gateway.limit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.smallrye.common.annotation.Identifier;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.redismesh.gateway.support.Tokens;

/**
 * Long polls wait on connections of their own (gateway.max-blocking-connections, 32 by default) and
 * at most max-blocking-calls per caller: they can neither slow ordinary calls down nor take every
 * blocking connection for one caller.
 */
@QuarkusTest
class BlockingCallsTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int CONNECTIONS = 32;

    @TestHTTPResource("/v1/namespaces/")
    URL namespaces;

    @Inject
    @Identifier(EmbeddedRedis.PROVIDER_NAME)
    EmbeddedRedis embeddedRedis;

    @Test
    void sixtyFourLongPollsNeitherDelayOtherCallsNorQueueBeyondTheBlockingConnections() throws IOException {
        String token = Tokens.developer();
        given().auth().oauth2(token).body("v").put("/v1/namespaces/demo/keys/beside-polls").then().statusCode(201);
        // the machine is shared: a delay is measured against the same read without long polls
        long usual = 0;
        for (int i = 0; i < 5; i++) {
            usual = Math.max(usual, timedRead(token));
        }
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 64)
                .mapToObj(i -> CLIENT.sendAsync(pop(token, "polls", "empty-" + i, 30_000), HttpResponse.BodyHandlers.ofString()))
                .toList();
        // the polls beyond the blocking connections are refused at once; the others now wait in Redis
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> polls.stream().filter(CompletableFuture::isDone).count() >= CONNECTIONS);
        // as after a Redis blip: every connection but the waiting ones drops, and the event loops open new ones
        int dropped = dropEveryConnectionButTheBlockedOnes();
        assertTrue(dropped > 0, "no connection dropped");
        // a read sent before its event loop noticed the drop fails (503, a blip); the next opens a new connection, and must
        // get one at once: before the fix, that waited behind the long polls for a pooled connection until it timed out
        Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                given().auth().oauth2(token).get("/v1/namespaces/demo/keys/beside-polls").then().statusCode(200));
        for (int i = 0; i < 5; i++) {
            long millis = timedRead(token);
            assertTrue(millis < usual + 200, "a read beside " + CONNECTIONS + " waiting long polls took " + millis + " ms, "
                    + usual + " ms without");
        }
        endPolls(token, "polls", IntStream.range(0, 64));
        Map<Integer, Long> statuses = polls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(Map.of(200, (long) CONNECTIONS, 503, 64L - CONNECTIONS), statuses);
        HttpResponse<String> refused = polls.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
        assertTrue(refused.body().contains("/problems/blocking-connections-busy"), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
    }

    @Test
    void aCallerBeyondItsLongPollsIsRefusedWhileOthersGoOn() {
        String token = Tokens.DEV.forSubject("poller", "developer");
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 3)
                .mapToObj(i -> CLIENT.sendAsync(pop(token, "polls-capped", "capped-" + i, 30_000), HttpResponse.BodyHandlers.ofString()))
                .toList();
        HttpResponse<String> refused = Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> polls.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).findFirst().orElse(null),
                        response -> response != null);
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("/problems/too-many-blocking-calls"), refused.body());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        // the cap is per caller, and counts long polls only: a pop that does not wait, and another caller's poll, go on
        given().urlEncodingEnabled(false).auth().oauth2(token).post("/v1/namespaces/polls-capped/lists/capped-0/items:pop").then().statusCode(200);
        given().urlEncodingEnabled(false).auth().oauth2(Tokens.DEV.forSubject("other-poller", "developer")).queryParam("waitMillis", 100)
                .post("/v1/namespaces/polls-capped/lists/capped-0/items:pop").then().statusCode(200);
        // a lock acquisition that may wait is a long poll too
        given().auth().oauth2(token).contentType("application/json").body("{\"ttlMillis\": 1000, \"waitMillis\": 500}")
                .post("/v1/namespaces/polls-capped/locks/capped/leases").then().statusCode(429);
        endPolls(token, "polls-capped", IntStream.range(0, 3));
        Map<Integer, Long> statuses = polls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(Map.of(200, 2L, 429, 1L), statuses);
        // once they ended, the caller may poll again
        given().urlEncodingEnabled(false).auth().oauth2(token).queryParam("waitMillis", 100).post("/v1/namespaces/polls-capped/lists/capped-0/items:pop")
                .then().statusCode(200);
    }

    /** Closes, on the Redis side, every client connection that is not blocked in a BLPOP; returns how many. */
    private int dropEveryConnectionButTheBlockedOnes() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), embeddedRedis.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            out.write("CLIENT ID\r\nCLIENT LIST\r\n".getBytes(StandardCharsets.US_ASCII));
            String me = in.readLine().substring(1);
            int length = Integer.parseInt(in.readLine().substring(1));
            char[] list = new char[length];
            for (int read = 0; read < length;) {
                read += in.read(list, read, length - read);
            }
            in.readLine();
            List<String> ids = new String(list).lines().filter(line -> !line.contains(" cmd=blpop") && !line.contains(" id=" + me + " ")
                    && !line.startsWith("id=" + me + " ")).map(line -> line.substring(3, line.indexOf(' '))).toList();
            for (String id : ids) {
                out.write(("CLIENT KILL ID " + id + "\r\n").getBytes(StandardCharsets.US_ASCII));
                in.readLine();
            }
            return ids.size();
        }
    }

    private static long timedRead(String token) {
        long started = System.nanoTime();
        given().auth().oauth2(token).get("/v1/namespaces/demo/keys/beside-polls").then().statusCode(200).body(equalTo("v"));
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** Pushes an item to each list: the pops waiting on them answer. */
    private static void endPolls(String token, String ns, IntStream lists) {
        String prefix = ns.equals("polls") ? "empty-" : "capped-";
        lists.forEach(i -> given().auth().oauth2(token).contentType("application/json").body("{\"items\":[\"eA==\"]}")
                .post("/v1/namespaces/" + ns + "/lists/" + prefix + i + "/items").then().statusCode(200));
    }

    private HttpRequest pop(String token, String ns, String key, long waitMillis) {
        return HttpRequest.newBuilder(URI.create(namespaces + ns + "/lists/" + key + "/items:pop?waitMillis=" + waitMillis))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}
