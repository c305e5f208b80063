package io.redismesh.gateway.pubsub;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.redismesh.gateway.ops.Drain;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * Opens and tracks every SSE stream of the instance: the cap on open streams
 * ({@code gateway.sse.max-connections}), the heartbeat, the per-client buffer, the
 * {@code gateway.sse.streams} gauge, and closing them all with a last event on drain.
 */
@ApplicationScoped
public class SseStreams {

    private final SseConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> openByKind = new ConcurrentHashMap<>();
    private final Counter dropped;

    public SseStreams(SseConfig config, Vertx vertx, MeterRegistry meters, Drain drain) {
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
        this.dropped = Counter.builder("gateway.pubsub.dropped").description("SSE clients closed because they fell behind")
                .register(meters);
        // new streams are refused by ops.DrainFilter meanwhile; open ones are told to go elsewhere
        drain.started().subscribe().with(draining -> closeAll("shutdown"));
    }

    /**
     * A new stream of this kind (the {@code kind} tag of {@code gateway.sse.streams}) on this response,
     * or a 503 when the instance already serves {@code gateway.sse.max-connections} streams.
     */
    public SseStream open(String kind, HttpServerResponse response) {
        Runnable leave = admit(kind);
        SseStream stream = new SseStream(config.clientBuffer());
        open.add(stream);
        long heartbeat = vertx.setPeriodic(config.heartbeat().toMillis(), id -> stream.send(SseFrames.HEARTBEAT));
        stream.onEnd(() -> {
            vertx.cancelTimer(heartbeat);
            open.remove(stream);
            leave.run();
            if (stream.overflowed()) {
                dropped.increment();
            }
            // a client that does not even take its last frame within two heartbeats is stalled: free the connection
            vertx.setTimer(config.heartbeat().multipliedBy(2).toMillis(), id -> {
                if (!stream.completed()) {
                    response.reset();
                }
            });
        });
        return stream;
    }

    /**
     * Counts a stream of this kind against {@code gateway.sse.max-connections} and in the gauge until the
     * returned action runs (once is enough; more is harmless), or a 503 when the instance is full. For
     * streams written by other means than {@link #open}, such as stream-held leases.
     */
    public Runnable admit(String kind) {
        if (total.incrementAndGet() > config.maxConnections()) {
            total.decrementAndGet();
            throw new ProblemException(ProblemType.TOO_MANY_STREAMS,
                    "this instance already serves " + config.maxConnections() + " event streams", Optional.of(config.retry()));
        }
        AtomicInteger ofKind = openByKind.computeIfAbsent(kind,
                k -> meters.gauge("gateway.sse.streams", Tags.of("kind", k), new AtomicInteger()));
        ofKind.incrementAndGet();
        AtomicBoolean left = new AtomicBoolean();
        return () -> {
            if (left.compareAndSet(false, true)) {
                total.decrementAndGet();
                ofKind.decrementAndGet();
            }
        };
    }

    /** The opening frame of every stream: how long clients should wait before reconnecting. */
    public byte[] retryFrame() {
        return SseFrames.retry(config.retry());
    }

    /** Ends every open stream with {@code event: <eventName>} (e.g. {@code shutdown} on drain). */
    public void closeAll(String eventName) {
        open.forEach(stream -> stream.close(eventName));
    }

    public int openStreams() {
        return total.get();
    }
}
