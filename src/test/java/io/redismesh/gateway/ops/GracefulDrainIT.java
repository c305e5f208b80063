package io.redismesh.gateway.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.redis.EmbeddedRedis;
import io.redismesh.gateway.support.PackagedGateway;
import io.redismesh.gateway.support.Tokens;

/**
 * A real SIGTERM to the packaged application (the jar, or the native executable when that is what
 * was built), as the kubelet sends it: readiness goes DOWN at once, new event streams are refused,
 * ordinary calls are still served during the shutdown delay, a call in flight across the whole
 * drain completes, a channel subscriber and a stream-held lease get {@code event: shutdown} (the lease
 * stays held), and the process exits well inside the pod's grace period. Logs are JSON lines.
 */
class GracefulDrainIT {

    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);
    /** Longer than the delay, so the call is still in flight when Quarkus waits for in-flight requests. */
    private static final Duration IN_FLIGHT = Duration.ofSeconds(4);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedRedis redis;
    private Process gateway;

    @AfterEach
    void cleanUp() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void sigtermDrainsThenExitsWithinTheGracePeriod() throws Exception {
        redis = PackagedGateway.startRedis();
        int port = freePort();
        Path log = Files.createTempFile("gateway-drain", ".log");
        gateway = start(port, log);
        String base = "http://127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> get(base + "/q/health/ready", "*/*").statusCode() == 200);

        String token = Tokens.developer();
        String emptyList = "drain-" + UUID.randomUUID();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(
                URI.create(base + "/v1/namespaces/demo/lists/" + emptyList + "/items:pop?waitMillis=" + IN_FLIGHT.toMillis()))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> blockedRedisClients() >= 1);
        // a lease held by a stream: told to re-attach elsewhere, and still held after the exit
        String lock = "drain-" + UUID.randomUUID();
        HttpResponse<String> lease = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/demo/locks/" + lock + "/leases"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttlMillis\": 60000}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, lease.statusCode(), lease.body());
        String leaseId = new ObjectMapper().readTree(lease.body()).path("leaseId").asText();
        HttpResponse<InputStream> heldByStream = http.send(HttpRequest.newBuilder(
                URI.create(base + "/v1/namespaces/demo/locks/" + lock + "/leases/" + leaseId + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, heldByStream.statusCode());
        BufferedReader leaseStream = new BufferedReader(new InputStreamReader(heldByStream.body(), StandardCharsets.UTF_8));
        for (String line = leaseStream.readLine(); !line.replace(" ", "").equals("event:renewed"); line = leaseStream.readLine()) {
            // until the stream holds the lease
        }
        CompletableFuture<String> leaseEvents = CompletableFuture.supplyAsync(() -> {
            try (leaseStream) {
                return leaseStream.lines().collect(Collectors.joining("\n")).replace("event: ", "event:");
            } catch (IOException e) {
                return e.toString();
            }
        });

        // a channel subscriber: its stream opens with retry: once Redis confirmed the subscription
        HttpResponse<InputStream> subscribed = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/demo/channels/news/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, subscribed.statusCode());
        BufferedReader channelStream = new BufferedReader(new InputStreamReader(subscribed.body(), StandardCharsets.UTF_8));
        for (String line = channelStream.readLine(); !line.startsWith("retry:"); line = channelStream.readLine()) {
            // until subscribed
        }
        CompletableFuture<String> channelEvents = CompletableFuture.supplyAsync(() -> {
            try (channelStream) {
                return channelStream.lines().collect(Collectors.joining("\n")).replace("event: ", "event:");
            } catch (IOException e) {
                return e.toString();
            }
        });

        long sigterm = System.nanoTime();
        gateway.destroy(); // SIGTERM

        await().atMost(Duration.ofSeconds(2)).ignoreExceptions().until(() -> get(base + "/q/health/ready", "*/*").statusCode() == 503);
        HttpResponse<String> stream = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/demo/channels/news/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(503, stream.statusCode(), stream.body());
        assertEquals("1", stream.headers().firstValue("Retry-After").orElse(""));
        assertTrue(stream.body().contains("/problems/draining"), stream.body());
        HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/demo/keys/during-drain"))
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString("served")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(write.statusCode() == 201 || write.statusCode() == 204, "calls are served during the delay: " + write.statusCode());

        String events = leaseEvents.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(events.contains("event:shutdown"), events);
        String channel = channelEvents.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(channel.contains("event:shutdown"), channel);

        HttpResponse<String> popped = inFlight.get(IN_FLIGHT.plus(TIMEOUT).toSeconds(), TimeUnit.SECONDS);
        assertEquals(200, popped.statusCode(), popped.body());
        assertEquals("{\"items\":[]}", popped.body());
        assertTrue(gateway.waitFor(DELAY.plus(TIMEOUT).toSeconds() + 5, TimeUnit.SECONDS), "the gateway exits after draining");
        Duration drained = Duration.ofNanos(System.nanoTime() - sigterm);
        assertTrue(drained.compareTo(GRACE_PERIOD) < 0, "drained in " + drained);
        assertTrue(drained.compareTo(DELAY.plusSeconds(1)) > 0, "waited past the delay for the call in flight: " + drained);

        assertEquals(1, redisInteger("ZCARD", "rgw:~lock:demo:{" + lock + "}:holders"), "the drained stream left its lease held");

        List<JsonNode> lines = jsonLines(log);
        assertTrue(lines.stream().anyMatch(line -> line.path("message").asText().startsWith("draining")), "JSON log lines: " + lines.size());
        assertTrue(lines.stream().allMatch(line -> line.has("timestamp") && line.has("level") && line.has("mdc")));
    }

    /** The packaged application as Quarkus recorded it (target/quarkus-artifact.properties): jar or native. */
    private Process start(int port, Path log) throws IOException {
        Properties artifact = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("target/quarkus-artifact.properties"))) {
            artifact.load(reader);
        }
        Path path = Path.of("target").resolve(artifact.getProperty("path"));
        List<String> command = new ArrayList<>();
        boolean jar = artifact.getProperty("type").endsWith("jar");
        if (jar) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } else {
            command.add(path.toString());
        }
        Map<String, String> config = PackagedGateway.config(redis);
        config.put("quarkus.http.port", String.valueOf(port));
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("quarkus.shutdown.delay", DELAY.toSeconds() + "s");
        config.put("quarkus.shutdown.timeout", TIMEOUT.toSeconds() + "s");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (jar) {
            command.add("-jar");
            command.add(path.toString());
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private HttpResponse<String> get(String url, String accept) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int blockedRedisClients() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("INFO clients\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String header = readLine(in); // $<length>
            byte[] body = in.readNBytes(Integer.parseInt(header.substring(1)));
            for (String line : new String(body, StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.startsWith("blocked_clients:")) {
                    return Integer.parseInt(line.substring("blocked_clients:".length()));
                }
            }
            return 0;
        }
    }

    private long redisInteger(String... command) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), redis.port())) {
            StringBuilder request = new StringBuilder("*" + command.length + "\r\n");
            for (String part : command) {
                request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            String reply = readLine(socket.getInputStream());
            assertTrue(reply.startsWith(":"), reply);
            return Long.parseLong(reply.substring(1));
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n' && c != -1) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static List<JsonNode> jsonLines(Path log) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                assertFalse(!line.startsWith("{"), "a log line that is not JSON: " + line);
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
