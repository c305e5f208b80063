package io.redismesh.gateway.support;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Headless /usr/bin/chromium for browser tests: required in CI ({@code CI} set), elsewhere the test is
 * skipped without it. {@link #devTools} drives a page over the Chrome DevTools Protocol with the JDK's
 * own WebSocket client, so browser tests need no driver dependency.
 */
public final class Chromium implements AutoCloseable {

    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;

    private Chromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** Fails in CI without Chromium, skips the test elsewhere. */
    public static void require() {
        if (System.getenv("CI") != null) {
            assertTrue(Files.isExecutable(EXECUTABLE), "CI is set but " + EXECUTABLE + " is missing: install chromium (see .ci/run)");
        }
        assumeTrue(Files.isExecutable(EXECUTABLE), "no " + EXECUTABLE);
    }

    /** A headless browser on {@code url}, with a fresh profile and no background traffic. */
    public static Chromium open(String url, String... arguments) throws IOException {
        require();
        Path profile = Files.createTempDirectory("chromium");
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(arguments));
        command.add(url);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Chromium(process, profile);
    }

    /** A browser on a blank page that {@link #devTools} can drive. */
    public static Chromium driven() throws IOException {
        return open("about:blank", "--remote-debugging-port=0", "--remote-allow-origins=*", "--window-size=1280,2000");
    }

    /** The DevTools session of the first page (the browser writes its port to DevToolsActivePort). */
    public DevTools devTools() throws Exception {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty()) {
            assertTrue(System.nanoTime() < deadline && process.isAlive(), "Chromium opened no DevTools port");
            Thread.sleep(100);
        }
        String port = Files.readAllLines(portFile).get(0).trim();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        for (JsonNode target : targets) {
            if (target.path("type").asText().equals("page")) {
                return new DevTools(http, URI.create(target.path("webSocketDebuggerUrl").asText()));
            }
        }
        throw new AssertionError("Chromium has no page: " + targets);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** One page's DevTools session: commands out, their results back by id. */
    public static final class DevTools implements WebSocket.Listener {

        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder frame = new StringBuilder();
        private final WebSocket socket;

        DevTools(HttpClient http, URI page) {
            this.socket = http.newWebSocketBuilder().buildAsync(page, this).join();
        }

        /** Loads {@code url} and waits until the page has loaded (scripts may still be rendering it). */
        public void navigate(String url) throws Exception {
            send("Page.navigate", Map.of("url", url)).get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    if (evaluate("document.readyState === 'complete' && location.href !== 'about:blank'", Duration.ofSeconds(5)).asBoolean()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException navigating) {
                    // the context of the previous document went away: ask the new one
                }
                assertTrue(System.nanoTime() < deadline, "the page did not load: " + url);
                Thread.sleep(100);
            }
        }

        /**
         * Evaluates {@code expression} in the page, awaiting it if it is a promise, and returns its value
         * as JSON; a thrown error fails the test with the page's message.
         */
        public JsonNode evaluate(String expression, Duration timeout) throws Exception {
            JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result.has("exceptionDetails")) {
                throw new AssertionError("in the page: " + result.path("exceptionDetails").path("exception").path("description").asText(
                        result.path("exceptionDetails").toString()));
            }
            return result.path("result").path("value");
        }

        private CompletableFuture<JsonNode> send(String method, Map<String, Object> params) throws IOException {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true);
            return answer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(frame.toString());
                    CompletableFuture<JsonNode> answer = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
                    if (answer != null) {
                        if (message.has("error")) {
                            answer.completeExceptionally(new AssertionError("DevTools: " + message.get("error")));
                        } else {
                            answer.complete(message.path("result"));
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(answer -> answer.completeExceptionally(e));
                }
                frame.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
