package io.redismesh.gateway.pubsub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.runtime.StartupEvent;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The instance's Redis subscriptions, shared by all of its SSE clients: one dedicated connection,
 * one SUBSCRIBE (or PSUBSCRIBE) per channel (or pattern) while at least one local client listens,
 * UNSUBSCRIBE after the last one leaves. Messages arrive on the connection's event loop, are framed
 * once, and handed to each event loop that serves listening clients, which queues them on its
 * clients' streams: one task per event loop and message, writes on the connection's own thread, no
 * thread per client, never blocking.
 * <p>
 * When the connection drops, clients stay connected; the connection is re-established with back-off,
 * everything still listened to is subscribed again, and each client then gets {@code event: reconnected}.
 * A client's stream opens (its {@code retry:} frame) only once its subscription is confirmed by Redis,
 * so nothing published after that frame is missed.
 * <p>
 * The registry's state changes on one Vert.x context only, without locks: the Redis client calls
 * our connection handlers while holding its own lock, so a lock of ours around commands to the
 * connection could deadlock, and one context also keeps the commands in the order they were decided.
 */
@ApplicationScoped
public class Subscriptions {

    static final String MESSAGE = "message";
    static final String RECONNECTED = "reconnected";
    private static final byte[] RECONNECTED_FRAME = SseFrames.event(RECONNECTED, "");
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    private final Redis redis;
    private final Vertx vertx;
    private final Context context;
    private final SseStreams streams;
    private final ObjectMapper json;
    private final Counter fanout;

    /** The listeners of each topic by the event loop of their HTTP connection; changed on the registry's context only. */
    private final Map<Topic, Map<Context, Set<Listener>>> listeners = new ConcurrentHashMap<>();
    /** Subscriptions Redis has confirmed on the current connection. */
    private final Set<Topic> live = new HashSet<>();
    /** SUBSCRIBE commands sent whose confirmation has not arrived yet. */
    private final Map<Topic, Integer> unconfirmed = new HashMap<>();
    /** Null while Redis is away. */
    private RedisConnection connection;
    /** Whether new subscribers can be served now; read from request threads. */
    private volatile boolean connected;
    private volatile boolean stopped;
    private Duration nextRetry = FIRST_RETRY;

    public Subscriptions(Redis redis, Vertx vertx, SseStreams streams, ObjectMapper json, MeterRegistry meters) {
        this.redis = redis;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.streams = streams;
        this.json = json;
        this.fanout = Counter.builder("gateway.pubsub.fanout").description("messages delivered to SSE clients").register(meters);
    }

    void start(@Observes StartupEvent start) {
        context.runOnContext(v -> connect());
    }

    /** Listens to a topic on behalf of one stream, until the stream ends; 503 while Redis is away. */
    void listen(Topic topic, String namePrefix, SseStream stream) {
        if (!connected) {
            throw ProblemException.backendUnavailable("Redis is not reachable");
        }
        Context current = Vertx.currentContext();
        Listener listener = new Listener(stream, namePrefix, current == null ? context : VertxContext.getRootContext(current));
        context.runOnContext(v -> add(topic, listener));
        stream.onEnd(() -> context.runOnContext(v -> forget(topic, listener)));
    }

    private void add(Topic topic, Listener listener) {
        Map<Context, Set<Listener>> present = listeners.get(topic);
        if (present == null) {
            present = new ConcurrentHashMap<>();
            listeners.put(topic, present);
            if (connection != null) {
                subscribe(connection, topic.kind(), List.of(topic.redisName()));
            }
        }
        if (live.contains(topic)) {
            listener.live(streams.retryFrame());
        }
        present.computeIfAbsent(listener.loop, loop -> ConcurrentHashMap.newKeySet()).add(listener);
    }

    private void forget(Topic topic, Listener listener) {
        Map<Context, Set<Listener>> present = listeners.get(topic);
        Set<Listener> onLoop = present == null ? null : present.get(listener.loop);
        if (onLoop == null || !onLoop.remove(listener)) {
            return;
        }
        if (onLoop.isEmpty()) {
            present.remove(listener.loop);
        }
        if (!present.isEmpty()) {
            return;
        }
        listeners.remove(topic);
        live.remove(topic);
        if (connection != null) {
            send(connection, Request.cmd(topic.kind().unsubscribe).arg(topic.redisName()));
        }
    }

    private void connect() {
        redis.connect().subscribe().with(opened -> context.runOnContext(v -> connected(opened)), failure -> {
            Log.debugf("Redis subscription connection failed: %s", failure.toString());
            context.runOnContext(v -> retryLater());
        });
    }

    private void connected(RedisConnection opened) {
        if (stopped) {
            opened.closeAndForget();
            return;
        }
        opened.handler(this::received);
        opened.exceptionHandler(failure -> context.runOnContext(v -> lost(opened, failure.toString())));
        opened.endHandler(() -> context.runOnContext(v -> lost(opened, "closed")));
        connection = opened;
        connected = true;
        nextRetry = FIRST_RETRY;
        Map<Topic.Kind, List<String>> names = new EnumMap<>(Topic.Kind.class);
        listeners.keySet().forEach(topic -> names.computeIfAbsent(topic.kind(), k -> new ArrayList<>()).add(topic.redisName()));
        names.forEach((kind, redisNames) -> subscribe(opened, kind, redisNames));
        if (!listeners.isEmpty()) {
            Log.infof("Redis subscription connection back: re-subscribing %d channels and patterns", listeners.size());
        }
    }

    private void lost(RedisConnection which, String why) {
        if (connection != which) {
            return;
        }
        connection = null;
        connected = false;
        live.clear();
        unconfirmed.clear();
        Log.warnf("Redis subscription connection lost (%s): SSE clients stay connected until it is back", why);
        which.closeAndForget();
        retryLater();
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        vertx.setTimer(wait.toMillis(), id -> context.runOnContext(v -> connect()));
    }

    private void subscribe(RedisConnection on, Topic.Kind kind, List<String> redisNames) {
        Request request = Request.cmd(kind.subscribe);
        redisNames.forEach(name -> {
            request.arg(name);
            unconfirmed.merge(new Topic(kind, name), 1, Integer::sum);
        });
        send(on, request);
    }

    private static void send(RedisConnection on, Request request) {
        // pub/sub commands complete when written; Redis confirms through the handler, a broken connection through lost()
        on.send(request).subscribe().with(ok -> { }, failure -> Log.debugf("Redis subscription command failed: %s", failure.toString()));
    }

    /** Everything Redis pushes on the subscription connection, in order, on its event loop. */
    private void received(Response push) {
        if ((push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH) || push.size() < 3) {
            return;
        }
        switch (push.get(0).toString()) {
            case "message" -> fanOut(Topic.channel(push.get(1).toString()), null, push.get(2));
            case "pmessage" -> fanOut(Topic.pattern(push.get(1).toString()), push.get(2).toString(), push.get(3));
            case "subscribe" -> {
                Topic topic = Topic.channel(push.get(1).toString());
                context.runOnContext(v -> confirmed(topic));
            }
            case "psubscribe" -> {
                Topic topic = Topic.pattern(push.get(1).toString());
                context.runOnContext(v -> confirmed(topic));
            }
            default -> {
                // unsubscribe confirmations: nothing waits for them
            }
        }
    }

    private void confirmed(Topic topic) {
        Integer stillUnconfirmed = unconfirmed.computeIfPresent(topic, (t, n) -> n > 1 ? n - 1 : null);
        Map<Context, Set<Listener>> present = listeners.get(topic);
        if (stillUnconfirmed != null || present == null || !live.add(topic)) {
            return;
        }
        byte[] retryFrame = streams.retryFrame();
        present.values().forEach(onLoop -> onLoop.forEach(listener -> listener.live(retryFrame)));
    }

    /** @param channel the channel of a pattern message; null for a channel message */
    private void fanOut(Topic topic, String channel, Response message) {
        Map<Context, Set<Listener>> byLoop = listeners.get(topic);
        if (byLoop == null) {
            return;
        }
        String payload = new String(message.toBytes(), StandardCharsets.UTF_8);
        byte[] frame = channel == null ? SseFrames.event(MESSAGE, payload) : null;
        byLoop.forEach((loop, onLoop) -> loop.runOnContext(v -> deliver(onLoop, channel, payload, frame)));
    }

    /** On the clients' event loop: queues the message on each client's stream. */
    private void deliver(Set<Listener> onLoop, String channel, String payload, byte[] channelFrame) {
        byte[] frame = channelFrame;
        String framedPrefix = null;
        int delivered = 0;
        for (Listener listener : onLoop) {
            // a client whose subscription is not confirmed to it yet starts with its retry: frame, after this message
            if (!listener.started) {
                continue;
            }
            if (channel != null && !listener.namePrefix.equals(framedPrefix)) {
                framedPrefix = listener.namePrefix;
                frame = patternEvent(channel.substring(framedPrefix.length()), payload);
            }
            if (listener.stream.send(frame)) {
                delivered++;
            }
        }
        fanout.increment(delivered);
    }

    /** A pattern subscriber learns the channel: the event's data is {@code {"channel": <name>, "data": <payload>}}. */
    @RegisterForReflection
    record PatternMessage(String channel, String data) {
    }

    private byte[] patternEvent(String name, String payload) {
        try {
            return SseFrames.event(MESSAGE, json.writeValueAsString(new PatternMessage(name, payload)));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
        RedisConnection open = connection;
        if (open != null) {
            open.closeAndForget();
        }
    }

    /**
     * One stream listening to a topic: {@code namePrefix} is what pattern events strip from channel
     * names, {@code loop} the event loop of the client's connection.
     */
    private static final class Listener {
        final SseStream stream;
        final String namePrefix;
        final Context loop;
        /** Set on the registry's context once the retry: frame is queued; read by the fan-out. */
        volatile boolean started;

        Listener(SseStream stream, String namePrefix, Context loop) {
            this.stream = stream;
            this.namePrefix = namePrefix;
            this.loop = loop;
        }

        /** The subscription is confirmed: the stream opens, or, after an outage, learns it may have missed messages. */
        void live(byte[] retryFrame) {
            stream.send(started ? RECONNECTED_FRAME : retryFrame);
            started = true;
        }
    }
}
