package io.redismesh.gateway.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw Server-Sent Events client for tests: it reads the lines on the wire as they come (so tests
 * can check the exact bytes) and parses events as the HTML standard's EventSource does.
 */
public final class EventStreamClient implements AutoCloseable {

    /** A dispatched event: its type and its data, as EventSource would report them. */
    public record Event(String type, String data) {
    }

    /** The id of the last event returned by {@link #nextEvent} that carried an {@code id:} (EventSource's lastEventId). */
    private String lastEventId;

    public String lastEventId() {
        return lastEventId;
    }

    /** Marks the end of the stream in the line queue. */
    private static final String END = new String("<end of stream>");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Thread reader;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
    }

    /** GET with {@code Accept: text/event-stream} and the token as a bearer header (or none when null). */
    public static EventStreamClient open(URI uri, String bearerToken) {
        return open(uri, bearerToken, null);
    }

    /** As {@link #open(URI, String)}, with the {@code Last-Event-ID} header an EventSource sends when it reconnects (none when null). */
    public static EventStreamClient open(URI uri, String bearerToken, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            return new EventStreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The response body as text (for error responses). */
    public String body() throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Starts reading the wire; until then the client leaves everything in the socket (a stalled client). */
    public EventStreamClient reading() {
        if (reader == null) {
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    // SSE lines end with LF here (the gateway never sends CR)
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException closed) {
                    // the stream was reset or closed
                }
                lines.add(END);
            }, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return this;
    }

    /** The next line on the wire, or null at the end of the stream. */
    public String nextLine(Duration timeout) throws InterruptedException {
        reading();
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("no line within " + timeout);
        }
        return line == END ? null : line;
    }

    /** Skips lines until one matches (returned), failing at the end of the stream. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                throw new AssertionError("the stream ended before the line");
            }
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the opening {@code retry:} frame: the subscription is live from then on. */
    public EventStreamClient awaitOpen() throws InterruptedException {
        awaitLine(line -> line.startsWith("retry: "), Duration.ofSeconds(10));
        return this;
    }

    /** The next dispatched event (comments and data-less frames skipped, as EventSource does), or null at the end. */
    public Event nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String type = "";
        StringBuilder data = new StringBuilder();
        boolean hasData = false;
        while (true) {
            String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (hasData) {
                    data.setLength(data.length() - 1);
                    return new Event(type.isEmpty() ? "message" : type, data.toString());
                }
                type = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                type = value;
            } else if (field.equals("id")) {
                lastEventId = value;
            } else if (field.equals("data")) {
                data.append(value).append('\n');
                hasData = true;
            }
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
