package io.redismesh.gateway.pubsub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The instance's Redis subscriptions, shared by everything that listens locally (SSE clients of
 * channels, lock waiters): one {@link SubscriptionConnection}, one SUBSCRIBE (or PSUBSCRIBE) per
 * channel (or pattern) while at least one local listener listens, UNSUBSCRIBE after the last one
 * leaves. Messages arrive on the connection's event loop and are handed to each event loop that
 * serves listeners: one task per event loop and message, no thread per listener, never blocking.
 * <p>
 * A listener learns that its subscription is live only once Redis confirms it, so nothing published
 * after that is missed; after the connection was lost and is back, everything still listened to is
 * subscribed again and each listener learns it is live again (messages meanwhile may be lost).
 * <p>
 * The registry's state changes on one Vert.x context only, without locks: the Redis client calls
 * the connection's handlers while holding its own lock, so a lock of ours around commands to the
 * connection could deadlock, and one context also keeps the commands in the order they were decided.
 */
@ApplicationScoped
public class Subscriptions {

    /** What listens to a topic: told it is live on the registry's context, given messages on the event loop it listened from; never blocks. */
    public interface Listener {
        /** Redis confirmed the subscription: for the first time, or {@code again} after the connection was lost. */
        void live(boolean again);

        /** A message published while live. */
        void message(Message message);
    }

    /** One message, as one event loop's listeners see it. */
    public static final class Message {
        private final String channel;
        private final String payload;
        private Object memoKey;
        private byte[] memo;

        Message(String channel, String payload) {
            this.channel = channel;
            this.payload = payload;
        }

        /** The Redis channel it was published to. */
        public String channel() {
            return channel;
        }

        /** The payload, as UTF-8 text (publishers only send text). */
        public String payload() {
            return payload;
        }

        /** The bytes {@code make} returns, made once for consecutive listeners asking with an equal key (framing once, not per client). */
        public byte[] memo(Object key, Supplier<byte[]> make) {
            if (memo == null || !memoKey.equals(key)) {
                memoKey = key;
                memo = make.get();
            }
            return memo;
        }
    }

    private final Context context;
    private final SubscriptionConnection connection;

    /** The registrations of each topic by the event loop of their listener; changed on the registry's context only. */
    private final Map<Topic, Map<Context, Set<Registration>>> listeners = new ConcurrentHashMap<>();
    /** Subscriptions Redis has confirmed on the current connection. */
    private final Set<Topic> live = new HashSet<>();
    /** SUBSCRIBE commands sent whose confirmation has not arrived yet. */
    private final Map<Topic, Integer> unconfirmed = new HashMap<>();

    public Subscriptions(Redis redis, Vertx vertx) {
        this.context = vertx.getOrCreateContext();
        this.connection = new SubscriptionConnection(redis, vertx, context, new SubscriptionConnection.Events() {
            @Override
            public void opened() {
                resubscribe();
            }

            @Override
            public void lost() {
                live.clear();
                unconfirmed.clear();
            }

            @Override
            public void pushed(Response push) {
                received(push);
            }
        });
    }

    void start(@Observes StartupEvent start) {
        connection.start();
    }

    /** Shutdown has begun: the Redis client is about to close, so stop reconnecting. */
    void stop(@Observes ShutdownEvent shutdown) {
        connection.stop();
    }

    /** Whether new listeners can be served now (Redis reachable). */
    public boolean connected() {
        return connection.up();
    }

    /** Listens to a topic until the returned action runs (once is enough; more is harmless). */
    public Runnable listen(Topic topic, Listener listener) {
        Context current = Vertx.currentContext();
        Registration registration = new Registration(listener, current == null ? context : VertxContext.getRootContext(current));
        context.runOnContext(v -> add(topic, registration));
        return () -> context.runOnContext(v -> forget(topic, registration));
    }

    private void add(Topic topic, Registration registration) {
        Map<Context, Set<Registration>> present = listeners.get(topic);
        if (present == null) {
            present = new ConcurrentHashMap<>();
            listeners.put(topic, present);
            subscribe(topic.kind(), List.of(topic.redisName()));
        }
        if (live.contains(topic)) {
            registration.live();
        }
        present.computeIfAbsent(registration.loop, loop -> ConcurrentHashMap.newKeySet()).add(registration);
    }

    private void forget(Topic topic, Registration registration) {
        Map<Context, Set<Registration>> present = listeners.get(topic);
        Set<Registration> onLoop = present == null ? null : present.get(registration.loop);
        if (onLoop == null || !onLoop.remove(registration)) {
            return;
        }
        if (onLoop.isEmpty()) {
            present.remove(registration.loop);
        }
        if (!present.isEmpty()) {
            return;
        }
        listeners.remove(topic);
        live.remove(topic);
        connection.send(Request.cmd(topic.kind().unsubscribe).arg(topic.redisName()));
    }

    private void resubscribe() {
        Map<Topic.Kind, List<String>> names = new EnumMap<>(Topic.Kind.class);
        listeners.keySet().forEach(topic -> names.computeIfAbsent(topic.kind(), k -> new ArrayList<>()).add(topic.redisName()));
        names.forEach(this::subscribe);
        if (!listeners.isEmpty()) {
            Log.infof("Redis subscription connection back: re-subscribing %d channels and patterns", listeners.size());
        }
    }

    private void subscribe(Topic.Kind kind, List<String> redisNames) {
        if (!connection.up()) {
            return;
        }
        Request request = Request.cmd(kind.subscribe);
        redisNames.forEach(name -> {
            request.arg(name);
            unconfirmed.merge(new Topic(kind, name), 1, Integer::sum);
        });
        connection.send(request);
    }

    /** Everything Redis pushes on the subscription connection, in order, on its event loop. */
    private void received(Response push) {
        if ((push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH) || push.size() < 3) {
            return;
        }
        switch (push.get(0).toString()) {
            case "message" -> fanOut(Topic.channel(push.get(1).toString()), push.get(1), push.get(2));
            case "pmessage" -> fanOut(Topic.pattern(push.get(1).toString()), push.get(2), push.get(3));
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
        Map<Context, Set<Registration>> present = listeners.get(topic);
        if (stillUnconfirmed != null || present == null || !live.add(topic)) {
            return;
        }
        present.values().forEach(onLoop -> onLoop.forEach(Registration::live));
    }

    private void fanOut(Topic topic, Response channel, Response message) {
        Map<Context, Set<Registration>> byLoop = listeners.get(topic);
        if (byLoop == null) {
            return;
        }
        String name = channel.toString();
        String payload = new String(message.toBytes(), StandardCharsets.UTF_8);
        byLoop.forEach((loop, onLoop) -> loop.runOnContext(v -> {
            Message shared = new Message(name, payload);
            for (Registration registration : onLoop) {
                // a listener whose subscription is not confirmed to it yet starts after this message
                if (registration.started) {
                    registration.listener.message(shared);
                }
            }
        }));
    }

    /** One listener on one event loop. */
    private static final class Registration {
        final Listener listener;
        final Context loop;
        /** Set on the registry's context once the listener was told it is live; read by the fan-out. */
        volatile boolean started;

        Registration(Listener listener, Context loop) {
            this.listener = listener;
            this.loop = loop;
        }

        void live() {
            listener.live(started);
            started = true;
        }
    }
}
