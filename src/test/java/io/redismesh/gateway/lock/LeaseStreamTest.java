package io.redismesh.gateway.lock;

import static io.redismesh.gateway.support.Leases.LOCK;
import static io.redismesh.gateway.support.Leases.acquire;
import static io.redismesh.gateway.support.Leases.developer;
import static io.redismesh.gateway.support.Leases.lock;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;

/** Leases held by an SSE stream: renewed while open, released when the client leaves, {@code lost} when lost. */
@QuarkusTest
class LeaseStreamTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    /** The first stream of a cold JVM on a busy machine can take longer than the short leases below last. */
    @BeforeEach
    void warmUp() throws Exception {
        String name = lock();
        open(name, acquire(name, 30_000, 0).jsonPath().getString("leaseId")).close();
    }

    @Test
    void anOpenStreamKeepsAShortLeaseAliveAndClosingItReleasesTheLock() throws Exception {
        String name = lock();
        Response lease = acquire(name, 1_500, 0);
        long token = lease.jsonPath().getLong("fencingToken");
        try (BufferedReader stream = open(name, lease.jsonPath().getString("leaseId"))) {
            assertEquals("event:renewed", nextEvent(stream).get(0));
            // for three lease lifetimes the lease stays the same one, all along
            await().during(Duration.ofMillis(4_500)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> developer().get(LOCK, name).then().statusCode(200).extract().jsonPath(),
                            state -> state.getBoolean("held") && state.getLong("fencingToken") == token);
            acquire(name, 1_000, 0).then().statusCode(409);
            assertTrue(lockStreams() >= 1, "counted in gateway.sse.streams");
        }
        // the client went away: released at once, not after the TTL
        await().atMost(Duration.ofMillis(1_500)).until(() -> !developer().get(LOCK, name).jsonPath().getBoolean("held"));
        await().atMost(Duration.ofSeconds(5)).until(() -> lockStreams() == 0);
    }

    @Test
    void aLeaseLostUnderTheStreamEndsItWithLost() throws Exception {
        String name = lock();
        Response lease = acquire(name, 1_500, 0);
        try (BufferedReader stream = open(name, lease.jsonPath().getString("leaseId"))) {
            assertEquals("event:renewed", nextEvent(stream).get(0));
            // the lease vanishes behind the gateway's back (a failover to a replica that never saw it)
            redis.key().del("rgw:~lock:demo:{" + name + "}:holders");
            long removed = System.nanoTime();
            List<String> event = nextEvent(stream);
            while (event.get(0).equals("event:renewed")) {
                event = nextEvent(stream);
            }
            long millis = (System.nanoTime() - removed) / 1_000_000;
            assertEquals("event:lost", event.get(0), String.valueOf(event));
            assertTrue(millis < 1_500, "lost reported " + millis + " ms after the lease vanished");
            assertEquals(null, stream.readLine(), "the stream ends after lost");
        }
    }

    @Test
    void closingTheConnectionReleasesALongLeaseAtOnce() throws Exception {
        String name = lock();
        String leaseId = acquire(name, 60_000, 0).jsonPath().getString("leaseId");
        try (Socket socket = rawStream(name, leaseId)) {
            BufferedReader stream = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            stream.lines().filter(line -> line.startsWith("event:")).findFirst().orElseThrow();
        }
        // not at the next renewal (20 s away with this TTL): the close itself ends the hold
        await().atMost(Duration.ofSeconds(2)).until(() -> !developer().get(LOCK, name).jsonPath().getBoolean("held"));
    }

    @Test
    void holdingAnUnknownLeaseIs410() throws Exception {
        HttpResponse<String> response = CLIENT.send(request(lock(), LeaseService.newLeaseId()), HttpResponse.BodyHandlers.ofString());
        assertEquals(410, response.statusCode(), response.body());
        assertTrue(response.body().contains("/problems/lease-lost"), response.body());
    }

    private static double lockStreams() {
        return io.restassured.RestAssured.get("/q/metrics").then().extract().asString().lines()
                .filter(line -> line.startsWith("gateway_sse_streams{kind=\"lock\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private HttpRequest request(String name, String leaseId) {
        return HttpRequest.newBuilder(URI.create(base + "v1/namespaces/demo/locks/" + name + "/leases/" + leaseId + "/events"))
                .header("Authorization", "Bearer " + Tokens.developer()).header("Accept", "text/event-stream").build();
    }

    /** A lease stream on its own TCP connection, closed when the socket is. */
    private Socket rawStream(String name, String leaseId) throws Exception {
        Socket socket = new Socket(base.getHost(), base.getPort());
        String request = "GET /v1/namespaces/demo/locks/" + name + "/leases/" + leaseId + "/events HTTP/1.1\r\n"
                + "Host: " + base.getHost() + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + Tokens.developer() + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private BufferedReader open(String name, String leaseId) throws Exception {
        HttpResponse<InputStream> response = CLIENT.send(request(name, leaseId), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** The lines of the next event, without the blank line that ends it and without comments or retry advice. */
    private static List<String> nextEvent(BufferedReader stream) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line = stream.readLine(); line != null; line = stream.readLine()) {
            if (line.isEmpty()) {
                if (!lines.isEmpty()) {
                    return lines;
                }
            } else if (!line.startsWith(":") && !line.startsWith("retry:")) {
                lines.add(line.replace("event: ", "event:"));
            }
        }
        return lines.isEmpty() ? List.of("end of stream") : lines;
    }
}
