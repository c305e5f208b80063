package io.redismesh.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;

/** Cache values as plain Redis strings under the namespace prefix: bytes in, bytes out. */
@ApplicationScoped
public class ValueStore {

    /** What a write did. */
    public enum Written {
        CREATED, REPLACED
    }

    private static final LuaScript PUT = LuaScript.load("cache/put");
    private static final LuaScript DELETE = LuaScript.load("cache/delete");

    private final RedisExecutor redis;

    public ValueStore(RedisExecutor redis) {
        this.redis = redis;
    }

    /** GET and PTTL pipelined in one round trip. */
    public Uni<StoredValue> read(Namespace namespace, String key) {
        byte[] redisKey = namespace.key(key);
        return redis.batch(List.of(Request.cmd(Command.GET).arg(redisKey), Request.cmd(Command.PTTL).arg(redisKey)))
                .map(replies -> {
                    Response value = replies.get(0);
                    if (value == null) {
                        throw ProblemException.keyNotFound(key);
                    }
                    long pttl = replies.get(1).toLong();
                    byte[] bytes = value.toBytes();
                    return new StoredValue(bytes, EntityTags.of(bytes), pttl >= 0 ? OptionalLong.of(pttl) : OptionalLong.empty());
                });
    }

    public Uni<Written> write(Namespace namespace, String key, byte[] value, Optional<Duration> ttl, Precondition precondition) {
        List<byte[]> args = new ArrayList<>();
        args.add(value);
        args.add(EntityTags.bytes(String.valueOf(ttl.map(Duration::toMillis).orElse(0L))));
        args.add(EntityTags.bytes(precondition.mode()));
        precondition.etags().forEach(tag -> args.add(EntityTags.bytes(tag)));
        return redis.run(PUT, List.of(namespace.key(key)), args).map(reply -> switch (reply.toInteger()) {
            case 1 -> Written.CREATED;
            case 2 -> Written.REPLACED;
            default -> throw preconditionFailed(key);
        });
    }

    public Uni<Void> delete(Namespace namespace, String key, Precondition precondition) {
        List<byte[]> args = new ArrayList<>();
        args.add(EntityTags.bytes(precondition.mode()));
        precondition.etags().forEach(tag -> args.add(EntityTags.bytes(tag)));
        return redis.run(DELETE, List.of(namespace.key(key)), args).map(reply -> switch (reply.toInteger()) {
            case 1 -> null;
            case 0 -> throw ProblemException.keyNotFound(key);
            default -> throw preconditionFailed(key);
        });
    }

    private static ProblemException preconditionFailed(String key) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, "the precondition on '" + key + "' does not hold");
    }
}
