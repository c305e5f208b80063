package io.redismesh.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * The instance's one blocking reader of streams: a dedicated Redis connection that runs
 * {@code XREAD BLOCK} over every stream some local listener watches (feed clients, waiting claims),
 * one command for all of them, and hands each new entry to every listener of its stream. A listener
 * costs an entry in a set, never a connection or a thread. Each watched stream has a {@link Tail}:
 * the id up to which its entries were handed out, fixed when the first listener arrives (the newest
 * entry then), so the reader never skips an entry after that point, across reconnects too.
 * <p>
 * When a stream starts being watched while an XREAD blocks, {@code CLIENT UNBLOCK} (from a shared
 * connection) ends it early so that the next one includes the stream. All state lives on one
 * Vert.x context; listeners are called there and must not block.
 * <p>
 * On Redis Cluster one XREAD cannot span hash slots: this reader serves standalone and Sentinel deployments.
 */
@ApplicationScoped
class StreamReader {

    /** How long one XREAD blocks; also the longest a stream watched meanwhile can wait for an UNBLOCK that raced. */
    private static final int BLOCK_MILLIS = 1000;
    private static final int COUNT = 512;
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY = Duration.ofSeconds(5);

    /** Told about new entries of a stream, in id order, on the reader's context. */
    interface Listener {
        void entries(List<StreamEntry> entries);

        /** The key no longer holds a stream (it was replaced by another type): the listener is dropped. */
        void gone();
    }

    /** One watched stream. */
    final class Tail {
        final byte[] key;
        private final String name;
        /** Entries up to here were handed out; null until the newest entry at the first watch is known. */
        private EntryId last;
        private final Set<Listener> listeners = new LinkedHashSet<>();
        private final List<Runnable> whenKnown = new ArrayList<>();

        private Tail(byte[] key) {
            this.key = key;
            this.name = new String(key, StandardCharsets.UTF_8);
        }

        /** Every entry after this id reaches the listeners; null while not known yet. */
        EntryId last() {
            return last;
        }

        /** Runs {@code action} on the context once {@link #last} is known (now, if it is). */
        void whenKnown(Runnable action) {
            if (last != null) {
                action.run();
            } else {
                whenKnown.add(action);
            }
        }

        void remove(Listener listener) {
            if (listeners.remove(listener) && listeners.isEmpty() && tails.get(name) == this) {
                tails.remove(name);
            }
        }
    }

    private final Redis redis;
    private final RedisExecutor executor;
    private final StreamStore store;
    private final Vertx vertx;
    private final Context context;
    private final Map<String, Tail> tails = new HashMap<>();
    private RedisConnection connection;
    private long clientId;
    private volatile boolean up;
    private volatile boolean stopped;
    /** An XREAD is in flight on the connection. */
    private boolean reading;
    private Duration nextRetry = FIRST_RETRY;

    StreamReader(Redis redis, RedisExecutor executor, StreamStore store, Vertx vertx) {
        this.redis = redis;
        this.executor = executor;
        this.store = store;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    void start(@Observes StartupEvent start) {
        context.runOnContext(v -> connect());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        context.runOnContext(v -> {
            up = false;
            if (connection != null) {
                connection.closeAndForget();
                connection = null;
            }
        });
    }

    /** Whether the reader's connection is up (feeds are refused with 503 otherwise). */
    boolean up() {
        return up;
    }

    /** Runs {@code action} on the reader's context, where tails and listeners live. */
    void run(Runnable action) {
        context.runOnContext(v -> action.run());
    }

    /** The tail of the stream at {@code key} with {@code listener} added; on the context only. */
    Tail watch(byte[] key, Listener listener) {
        String name = new String(key, StandardCharsets.UTF_8);
        Tail tail = tails.get(name);
        if (tail == null) {
            tail = new Tail(key);
            tails.put(name, tail);
            locate(tail);
        }
        tail.listeners.add(listener);
        return tail;
    }

    private void locate(Tail tail) {
        store.last(tail.key).subscribe().with(last -> run(() -> {
            tail.last = last;
            tail.whenKnown.forEach(Runnable::run);
            tail.whenKnown.clear();
            if (reading) {
                unblock();
            }
            read();
        }), failure -> vertx.setTimer(FIRST_RETRY.toMillis() * 10, id -> run(() -> {
            if (tails.get(tail.name) == tail) {
                locate(tail);
            }
        })));
    }

    private void unblock() {
        executor.send(Request.cmd(Command.CLIENT).arg("UNBLOCK").arg(clientId)).subscribe().with(ok -> { },
                failure -> Log.debugf("CLIENT UNBLOCK of the stream reader failed: %s", failure.toString()));
    }

    private void read() {
        if (reading || connection == null) {
            return;
        }
        List<Tail> readable = tails.values().stream().filter(tail -> tail.last != null).toList();
        if (readable.isEmpty()) {
            return;
        }
        Request xread = Request.cmd(Command.XREAD).arg("COUNT").arg(COUNT).arg("BLOCK").arg(BLOCK_MILLIS).arg("STREAMS");
        readable.forEach(tail -> xread.arg(tail.key));
        readable.forEach(tail -> xread.arg(tail.last.toString()));
        RedisConnection on = connection;
        reading = true;
        on.send(xread).ifNoItem().after(Duration.ofMillis(BLOCK_MILLIS).plus(MAX_RETRY)).fail().subscribe().with(
                reply -> run(() -> {
                    if (on == connection) {
                        reading = false;
                        dispatch(reply);
                        read();
                    }
                }),
                failure -> run(() -> {
                    if (on != connection) {
                        return;
                    }
                    if (isErrorReply(failure)) {
                        reading = false;
                        dropNonStreams(readable);
                    } else {
                        lost(on, failure.toString());
                    }
                }));
    }

    private static boolean isErrorReply(Throwable failure) {
        return failure instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR;
    }

    /**
     * Redis refused the XREAD: one of the keys now holds another type (WRONGTYPE fails the whole
     * command). The tails of such keys are dropped, telling their listeners, so the other streams go on.
     */
    private void dropNonStreams(List<Tail> readable) {
        Log.warnf("Redis refused the stream reader's XREAD; checking the types of %d watched keys", readable.size());
        Uni.join().all(readable.stream().map(tail -> executor.send(Request.cmd(Command.TYPE).arg(tail.key))
                .map(type -> Optional.of(tail).filter(t -> !type.toString().equals("stream") && !type.toString().equals("none"))))
                .toList()).andCollectFailures().subscribe().with(checked -> run(() -> {
                    List<Tail> notStreams = checked.stream().flatMap(Optional::stream).toList();
                    notStreams.stream().filter(tail -> tails.get(tail.name) == tail).forEach(tail -> {
                        tails.remove(tail.name);
                        new ArrayList<>(tail.listeners).forEach(Listener::gone);
                    });
                    vertx.setTimer(notStreams.isEmpty() ? FIRST_RETRY.toMillis() * 10 : 1, id -> run(this::read));
                }), failure -> vertx.setTimer(FIRST_RETRY.toMillis() * 10, id -> run(this::read)));
    }

    private void dispatch(Response reply) {
        if (reply == null) {
            return;
        }
        if (reply.isMap()) {
            reply.getKeys().forEach(name -> handOut(name, reply.get(name)));
        } else {
            reply.forEach(stream -> handOut(stream.get(0).toString(), stream.get(1)));
        }
    }

    private void handOut(String name, Response entries) {
        Tail tail = tails.get(name);
        if (tail == null || tail.last == null) {
            return;
        }
        EntryId after = tail.last;
        List<StreamEntry> fresh = StreamEntry.all(entries).stream().filter(entry -> entry.id().after(after)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        tail.last = fresh.get(fresh.size() - 1).id();
        new ArrayList<>(tail.listeners).forEach(listener -> listener.entries(fresh));
    }

    private void connect() {
        if (stopped) {
            return;
        }
        redis.connect().subscribe().with(opened -> opened.send(Request.cmd(Command.CLIENT).arg("ID")).subscribe().with(
                id -> run(() -> connected(opened, id.toLong())),
                failure -> {
                    opened.closeAndForget();
                    run(this::retryLater);
                }), failure -> {
                    Log.debugf("Redis stream reader connection failed: %s", failure.toString());
                    run(this::retryLater);
                });
    }

    private void connected(RedisConnection opened, long id) {
        if (stopped) {
            opened.closeAndForget();
            return;
        }
        opened.exceptionHandler(failure -> run(() -> lost(opened, failure.toString())));
        opened.endHandler(() -> run(() -> lost(opened, "closed")));
        connection = opened;
        clientId = id;
        up = true;
        nextRetry = FIRST_RETRY;
        read();
    }

    private void lost(RedisConnection which, String why) {
        if (connection != which) {
            return;
        }
        connection = null;
        up = false;
        reading = false;
        which.closeAndForget();
        if (!stopped) {
            Log.warnf("Redis stream reader connection lost (%s): watched streams resume where they were once it is back", why);
            retryLater();
        }
    }

    private void retryLater() {
        if (stopped) {
            return;
        }
        Duration wait = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        vertx.setTimer(wait.toMillis(), id -> run(this::connect));
    }
}
