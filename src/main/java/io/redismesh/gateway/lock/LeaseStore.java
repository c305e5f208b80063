package io.redismesh.gateway.lock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.redis.client.ResponseType;

/** The lease scripts of lua/lock: every step that reads and writes a lease set is one of them. */
@ApplicationScoped
class LeaseStore {

    /** What an acquire attempt came to. */
    sealed interface Attempt {
    }

    record Granted(long fencingToken, long expiresAtMillis) implements Attempt {
    }

    /** Not granted; without a wake-up, a permit may be free in {@code retryIn}. */
    record Refused(Duration retryIn) implements Attempt {
    }

    /** Callers disagree about the semaphore's permits. */
    record PermitsMismatch(int inUse) implements Attempt {
    }

    /** @param heldUntilLocalMillis by this gateway's clock, from when the renewal was sent: Redis's clock may differ */
    record Renewal(long fencingToken, long expiresAtMillis, long ttlMillis, long heldUntilLocalMillis) {
    }

    record State(long live, Integer permits, String holder, Long fencingToken, long ttlMillis) {
    }

    private static final LuaScript ACQUIRE = LuaScript.load("lock/acquire");
    private static final LuaScript RENEW = LuaScript.load("lock/renew");
    private static final LuaScript RELEASE = LuaScript.load("lock/release");
    private static final LuaScript ABANDON = LuaScript.load("lock/abandon");
    private static final LuaScript INSPECT = LuaScript.load("lock/inspect");

    private final RedisExecutor redis;
    private final String wakeUpChannel;

    LeaseStore(RedisExecutor redis, GatewayConfig config) {
        this.redis = redis;
        this.wakeUpChannel = LeaseKeys.wakeUpChannel(config);
    }

    /** @param waiterTtl how long the queue keeps this caller's place unless asked again; zero = do not queue */
    Uni<Attempt> acquire(LeaseKeys keys, String leaseId, Duration ttl, int permits, String holder, Duration waiterTtl) {
        return redis.run(ACQUIRE, List.of(keys.holders(), keys.info(), keys.fence(), keys.queue(), keys.waiters()),
                args(leaseId, ttl.toMillis(), permits, holder, waiterTtl.toMillis(), wakeUpChannel))
                .map(reply -> switch (reply.get(0).toInteger()) {
                    case 1 -> new Granted(reply.get(1).toLong(), reply.get(2).toLong());
                    case 0 -> new Refused(Duration.ofMillis(Math.max(1, reply.get(1).toLong())));
                    default -> new PermitsMismatch(reply.get(1).toInteger());
                });
    }

    /** @param ttl the new lifetime; zero = the lease's own; empty item = the lease is lost */
    Uni<Renewal> renew(LeaseKeys keys, String leaseId, Duration ttl) {
        long sent = System.currentTimeMillis();
        return redis.run(RENEW, List.of(keys.holders(), keys.info()), args(leaseId, ttl.toMillis()))
                .map(reply -> reply.type() == ResponseType.MULTI
                        ? new Renewal(reply.get(0).toLong(), reply.get(1).toLong(), reply.get(2).toLong(), sent + reply.get(2).toLong())
                        : null);
    }

    /** @return whether the lease was live (false: lost) */
    Uni<Boolean> release(LeaseKeys keys, String leaseId) {
        return redis.run(RELEASE, List.of(keys.holders(), keys.info(), keys.queue()), args(leaseId, wakeUpChannel))
                .map(reply -> reply.toInteger() == 1);
    }

    /** Takes a waiter out of the queue (it gave up) and wakes the next one. */
    Uni<Void> abandon(LeaseKeys keys, String leaseId) {
        return redis.run(ABANDON, List.of(keys.queue(), keys.waiters(), keys.holders()), args(leaseId, wakeUpChannel))
                .replaceWithVoid();
    }

    Uni<State> inspect(LeaseKeys keys) {
        return redis.run(INSPECT, List.of(keys.holders(), keys.info(), keys.fence()), List.of()).map(reply -> new State(
                reply.get(0).toLong(),
                reply.get(1) == null ? null : reply.get(1).toInteger(),
                reply.get(2) == null ? null : reply.get(2).toString(),
                reply.get(3) == null ? null : reply.get(3).toLong(),
                reply.get(4).toLong()));
    }

    private static List<byte[]> args(Object... values) {
        return Arrays.stream(values).map(value -> String.valueOf(value).getBytes(StandardCharsets.UTF_8)).toList();
    }
}
