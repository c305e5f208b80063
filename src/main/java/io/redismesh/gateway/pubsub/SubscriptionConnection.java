package io.redismesh.gateway.pubsub;

import java.time.Duration;

import io.quarkus.logging.Log;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The instance's one Redis connection for subscriptions (owned by {@link Subscriptions}): connects,
 * reconnects with back-off after a loss, and stops for good once shutdown begins (a reconnect then
 * would only race the Redis client's own shutdown). Its state changes on one context; {@link Events}
 * are called there, except pushes, which arrive on the connection's event loop.
 */
final class SubscriptionConnection {

    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    interface Events {
        /** A new connection is up: subscribe to everything listened to. */
        void opened();

        /** The connection is gone; a new one follows unless stopped. */
        void lost();

        /** Everything Redis pushes, in order, on the connection's event loop. */
        void pushed(Response push);
    }

    private final Redis redis;
    private final Vertx vertx;
    private final Context context;
    private final Events events;
    /** Null while Redis is away. */
    private RedisConnection connection;
    /** Read from request threads. */
    private volatile boolean up;
    private volatile boolean stopped;
    private Duration nextRetry = FIRST_RETRY;

    SubscriptionConnection(Redis redis, Vertx vertx, Context context, Events events) {
        this.redis = redis;
        this.vertx = vertx;
        this.context = context;
        this.events = events;
    }

    void start() {
        context.runOnContext(v -> connect());
    }

    /** Whether subscriptions can be served now. */
    boolean up() {
        return up;
    }

    /** Sends a pub/sub command, on the owning context; dropped while Redis is away (re-sent by {@link Events#opened}). */
    void send(Request request) {
        if (connection != null) {
            // pub/sub commands complete when written; Redis confirms through pushes, a broken connection through lost()
            connection.send(request).subscribe().with(ok -> { },
                    failure -> Log.debugf("Redis subscription command failed: %s", failure.toString()));
        }
    }

    /** No more reconnects; closes the connection. From any thread. */
    void stop() {
        stopped = true;
        context.runOnContext(v -> {
            up = false;
            if (connection != null) {
                connection.closeAndForget();
                connection = null;
            }
        });
    }

    private void connect() {
        if (stopped) {
            return;
        }
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
        opened.handler(events::pushed);
        opened.exceptionHandler(failure -> context.runOnContext(v -> lost(opened, failure.toString())));
        opened.endHandler(() -> context.runOnContext(v -> lost(opened, "closed")));
        connection = opened;
        up = true;
        nextRetry = FIRST_RETRY;
        events.opened();
    }

    private void lost(RedisConnection which, String why) {
        if (connection != which) {
            return;
        }
        connection = null;
        up = false;
        which.closeAndForget();
        events.lost();
        if (!stopped) {
            Log.warnf("Redis subscription connection lost (%s): listeners stay registered until it is back", why);
            retryLater();
        }
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        vertx.setTimer(wait.toMillis(), id -> context.runOnContext(v -> connect()));
    }
}
