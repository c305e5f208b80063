package io.redismesh.gateway.pubsub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The instance's Redis subscriptions, shared by all of its SSE clients: one dedicated connection,
 * one SUBSCRIBE (or PSUBSCRIBE) per channel (or pattern) while at least one local client listens,
 * UNSUBSCRIBE after the last one leaves. Messages arrive on the connection's event loop and are
 * framed once, then queued on each client's stream (never blocking, no thread per client).
 * <p>
 * When the connection drops, clients stay connected; the connection is re-established with back-off,
 * everything still listened to is subscribed again, and each client then gets {@code event: reconnected}.
 * A client's stream opens (its {@code retry:} frame) only once its subscription is confirmed by Redis,
 * so nothing published after that frame is missed.
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
    private final SseStreams streams;
    private final ObjectMapper json;
    private final Counter fanout;

    /** Guarded by this for changes; read without a lock by the fan-out. */
    private final Map<Topic, Set<Listener>> listeners = new ConcurrentHashMap<>();
    /** Subscriptions Redis has confirmed on the current connection. Guarded by this. */
    private final Set<Topic> live = new HashSet<>();
    /** SUBSCRIBE commands sent whose confirmation has not arrived yet. Guarded by this. */
    private final Map<Topic, Integer> unconfirmed = new HashMap<>();
    /** Null while Redis is away. Guarded by this. */
    private RedisConnection connection;
    private Duration nextRetry = FIRST_RETRY;
    private boolean stopped;

    public Subscriptions(Redis redis, Vertx vertx, SseStreams streams, ObjectMapper json, MeterRegistry meters) {
        this.redis = redis;
        this.vertx = vertx;
        this.streams = streams;
        this.json = json;
        this.fanout = Counter.builder("gateway.pubsub.fanout").description("messages delivered to SSE clients").register(meters);
    }

    void start(@Observes StartupEvent start) {
        connect();
    }

    /** Listens to a channel on behalf of one stream, until the stream ends. */
    void listen(Topic topic, String namePrefix, SseStream stream) {
        Listener listener = new Listener(stream, namePrefix);
        synchronized (this) {
            if (connection == null) {
                throw ProblemException.backendUnavailable("Redis is not reachable");
            }
            Set<Listener> present = listeners.get(topic);
            if (present == null) {
                present = ConcurrentHashMap.newKeySet();
                listeners.put(topic, present);
                subscribe(connection, topic.kind(), List.of(topic.redisName()));
            }
            if (live.contains(topic)) {
                listener.live(streams.retryFrame());
            }
            present.add(listener);
        }
        stream.onEnd(() -> forget(topic, listener));
    }

    private synchronized void forget(Topic topic, Listener listener) {
        Set<Listener> present = listeners.get(topic);
        if (present == null || !present.remove(listener) || !present.isEmpty()) {
            return;
        }
        listeners.remove(topic);
        live.remove(topic);
        if (connection != null) {
            send(connection, Request.cmd(topic.kind().unsubscribe).arg(topic.redisName()));
        }
    }

    private void connect() {
        redis.connect().subscribe().with(this::connected, failure -> {
            Log.debugf("Redis subscription connection failed: %s", failure.toString());
            retryLater();
        });
    }

    private void connected(RedisConnection opened) {
        opened.handler(this::received);
        opened.exceptionHandler(failure -> lost(opened, failure.toString()));
        opened.endHandler(() -> lost(opened, "closed"));
        synchronized (this) {
            if (stopped) {
                opened.closeAndForget();
                return;
            }
            connection = opened;
            nextRetry = FIRST_RETRY;
            Map<Topic.Kind, List<String>> names = new LinkedHashMap<>();
            listeners.keySet().forEach(topic -> names.computeIfAbsent(topic.kind(), k -> new ArrayList<>()).add(topic.redisName()));
            names.forEach((kind, redisNames) -> subscribe(opened, kind, redisNames));
            if (!listeners.isEmpty()) {
                Log.infof("Redis subscription connection back: re-subscribing %d channels and patterns", listeners.size());
            }
        }
    }

    private void lost(RedisConnection which, String why) {
        synchronized (this) {
            if (connection != which) {
                return;
            }
            connection = null;
            live.clear();
            unconfirmed.clear();
        }
        Log.warnf("Redis subscription connection lost (%s): SSE clients stay connected until it is back", why);
        which.closeAndForget();
        retryLater();
    }

    private synchronized void retryLater() {
        if (stopped) {
            return;
        }
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        vertx.setTimer(wait.toMillis(), id -> connect());
    }

    /** Called with the lock held. */
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
            case "subscribe" -> confirmed(Topic.channel(push.get(1).toString()));
            case "psubscribe" -> confirmed(Topic.pattern(push.get(1).toString()));
            default -> {
                // unsubscribe confirmations: nothing waits for them
            }
        }
    }

    private void confirmed(Topic topic) {
        List<Listener> waiting;
        synchronized (this) {
            Integer stillUnconfirmed = unconfirmed.computeIfPresent(topic, (t, n) -> n > 1 ? n - 1 : null);
            Set<Listener> present = listeners.get(topic);
            if (stillUnconfirmed != null || present == null) {
                return;
            }
            live.add(topic);
            waiting = List.copyOf(present);
        }
        byte[] retryFrame = streams.retryFrame();
        waiting.forEach(listener -> listener.live(retryFrame));
    }

    /** @param channel the channel of a pattern message; null for a channel message */
    private void fanOut(Topic topic, String channel, Response message) {
        Set<Listener> targets = listeners.get(topic);
        if (targets == null) {
            return;
        }
        String payload = new String(message.toBytes(), StandardCharsets.UTF_8);
        byte[] frame = channel == null ? SseFrames.event(MESSAGE, payload) : null;
        String framedPrefix = null;
        int delivered = 0;
        for (Listener listener : targets) {
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
    synchronized void stop() {
        stopped = true;
        if (connection != null) {
            connection.closeAndForget();
            connection = null;
        }
    }

    /** One stream listening to a topic; {@code namePrefix} is what pattern events strip from channel names. */
    private static final class Listener {
        final SseStream stream;
        final String namePrefix;
        private boolean started;

        Listener(SseStream stream, String namePrefix) {
            this.stream = stream;
            this.namePrefix = namePrefix;
        }

        /** The subscription is confirmed: the stream opens, or, after an outage, learns it may have missed messages. */
        synchronized void live(byte[] retryFrame) {
            stream.send(started ? RECONNECTED_FRAME : retryFrame);
            started = true;
        }
    }
}
