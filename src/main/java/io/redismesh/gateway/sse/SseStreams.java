package io.redismesh.gateway.sse;

import java.util.Map;
import java.util.Optional;
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
 * The one SSE transport: opens and tracks every event stream of the instance, whatever it carries
 * (channel messages, stream-held leases): the cap on open streams ({@code gateway.sse.max-connections}),
 * the heartbeat, the per-client buffer and overflow ({@link SseStream}), the stalled-client reset,
 * the {@code gateway.sse.streams} gauge, the {@code retry:} advice, and the drain: each open stream
 * ends with its own farewell frame when draining starts, and no stream opens while draining, whatever
 * the request's {@code Accept}.
 */
@ApplicationScoped
public class SseStreams {

    private final SseConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Drain drain;
    /** The open streams and the frame each ends with on drain. */
    private final Map<SseStream, byte[]> open = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> openByKind = new ConcurrentHashMap<>();
    private final Counter dropped;

    public SseStreams(SseConfig config, Vertx vertx, MeterRegistry meters, Drain drain) {
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
        this.drain = drain;
        this.dropped = Counter.builder("gateway.pubsub.dropped").description("SSE clients closed because they fell behind")
                .register(meters);
        // new streams are refused by ops.DrainFilter meanwhile; open ones are told to go elsewhere
        drain.started().subscribe().with(draining -> closeAll());
    }

    /**
     * A new stream of this kind (the {@code kind} tag of {@code gateway.sse.streams}) on this response,
     * or a 503 when the instance already serves {@code gateway.sse.max-connections} streams.
     *
     * @param farewell the last frame when the instance drains (e.g. {@code event: shutdown})
     */
    public SseStream open(String kind, HttpServerResponse response, byte[] farewell) {
        if (drain.draining()) {
            // whatever the request's Accept said (curl sends */*): a stream opened now would only be told to leave
            throw Drain.refusal();
        }
        Runnable leave = admit(kind);
        SseStream stream = new SseStream(config.clientBuffer());
        open.put(stream, farewell);
        if (drain.draining()) {
            // admitted just before the drain began, opened after closeAll: end it as the others
            stream.close(farewell);
        }
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
     * returned action runs (once is enough; more is harmless), or a 503 when the instance is full.
     */
    private Runnable admit(String kind) {
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

    /**
     * The opening frame of a stream a client should resume by reconnecting: how long to wait first.
     * Streams whose reconnect would be refused (a stream-held lease answers 410) advise nothing.
     */
    public byte[] retryFrame() {
        return SseFrames.retry(config.retry());
    }

    /** Ends every open stream with its farewell frame (on drain). */
    public void closeAll() {
        open.forEach(SseStream::close);
    }

    public int openStreams() {
        return total.get();
    }
}
