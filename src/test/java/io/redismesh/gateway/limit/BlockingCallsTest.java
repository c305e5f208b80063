package io.redismesh.gateway.limit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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

    @Test
    void sixtyFourLongPollsNeitherDelayOtherCallsNorQueueBeyondTheBlockingConnections() {
        String token = Tokens.developer();
        given().auth().oauth2(token).body("v").put("/v1/namespaces/demo/keys/beside-polls").then().statusCode(201);
        List<CompletableFuture<HttpResponse<String>>> polls = IntStream.range(0, 64)
                .mapToObj(i -> CLIENT.sendAsync(pop(token, "polls", "empty-" + i, 4000), HttpResponse.BodyHandlers.ofString()))
                .toList();
        // the polls beyond the blocking connections are refused at once; the others now wait in Redis
        Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> polls.stream().filter(CompletableFuture::isDone).count() >= CONNECTIONS);
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            given().auth().oauth2(token).get("/v1/namespaces/demo/keys/beside-polls").then().statusCode(200).body(equalTo("v"));
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("read beside polls: " + millis + " ms, polls done " + polls.stream().filter(CompletableFuture::isDone).count());
            assertTrue(millis < 200, "a read beside 64 long polls took " + millis + " ms");
        }
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
                .mapToObj(i -> CLIENT.sendAsync(pop(token, "polls-capped", "capped-" + i, 3000), HttpResponse.BodyHandlers.ofString()))
                .toList();
        HttpResponse<String> refused = Awaitility.await().atMost(Duration.ofSeconds(3))
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
        Map<Integer, Long> statuses = polls.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(Map.of(200, 2L, 429, 1L), statuses);
        // once they ended, the caller may poll again
        given().urlEncodingEnabled(false).auth().oauth2(token).queryParam("waitMillis", 100).post("/v1/namespaces/polls-capped/lists/capped-0/items:pop")
                .then().statusCode(200);
    }

    private HttpRequest pop(String token, String ns, String key, long waitMillis) {
        return HttpRequest.newBuilder(URI.create(namespaces + ns + "/lists/" + key + "/items:pop?waitMillis=" + waitMillis))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}
