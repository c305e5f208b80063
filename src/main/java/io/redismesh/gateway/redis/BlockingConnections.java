package io.redismesh.gateway.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.runtime.client.VertxRedisClientFactory;
import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;

/**
 * The connections blocking commands (BLPOP...) wait on: a Redis client of their own, built from the
 * default client's options (hosts, password, TLS, topology) with a pool of
 * {@code gateway.max-blocking-connections}. Found by testing: sharing the default pool, 64 long polls
 * took every connection and ordinary calls of every namespace waited for one until they answered 503.
 * A command holds a permit from the moment it is sent until Redis answers it (not until its caller
 * stops waiting), so the pool never has more commands than connections and never queues one; when
 * every permit is taken the call answers 503 {@code blocking-connections-busy} at once.
 */
@ApplicationScoped
public class BlockingConnections {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /**
     * Keeps the default client's options as the Redis extension builds it, after every option is set.
     * A bean apart: the extension calls it before Vert.x may be injected anywhere.
     */
    @Singleton
    static class DefaultClientOptions implements RedisOptionsCustomizer {

        private volatile RedisOptions options;

        @Override
        public void customize(String clientName, RedisOptions options) {
            if (clientName.equals(VertxRedisClientFactory.DEFAULT_CLIENT)) {
                this.options = new RedisOptions(options);
            }
        }
    }

    private final int size;
    private final Semaphore permits;
    private final Redis client;

    /** Injected where the default client exists already (RedisExecutor uses it), so its options are known. */
    public BlockingConnections(Vertx vertx, GatewayConfig config, DefaultClientOptions defaults, Redis defaultClient) {
        this.size = config.maxBlockingConnections();
        this.permits = new Semaphore(size);
        this.client = Redis.createClient(vertx, new RedisOptions(defaults.options).setMaxPoolSize(size).setMaxPoolWaiting(size)
                .setPoolName("blocking"));
    }

    /** Sends a blocking command on a connection of its own, or fails with 503 blocking-connections-busy. */
    public Uni<Response> send(Request request) {
        return Uni.createFrom().emitter(emitter -> {
            if (!permits.tryAcquire()) {
                emitter.fail(new ProblemException(ProblemType.BLOCKING_CONNECTIONS_BUSY, "all " + size
                        + " Redis connections for blocking calls are waiting; retry, or poll without waitMillis", Optional.of(RETRY_AFTER)));
                return;
            }
            // not cancelled with the caller: the command keeps its connection until Redis answers it
            client.send(request).subscribe().with(reply -> {
                permits.release();
                emitter.complete(reply);
            }, failure -> {
                permits.release();
                emitter.fail(failure);
            });
        });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
