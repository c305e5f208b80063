package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Redis hashes under the namespace prefix; field values are bytes. */
@ApplicationScoped
public class HashStore {

    private static final LuaScript WRITE = LuaScript.load("cache/hash-write");
    private static final LuaScript DELETE_OF_TYPE = LuaScript.load("cache/delete-of-type");

    private final RedisExecutor redis;

    public HashStore(RedisExecutor redis) {
        this.redis = redis;
    }

    /** HGETALL; an absent hash is a 404. */
    public Uni<Map<String, byte[]>> read(Namespace namespace, String key) {
        return redis.send(Request.cmd(Command.HGETALL).arg(namespace.key(key))).map(reply -> {
            if (reply == null || reply.size() == 0) {
                throw ProblemException.keyNotFound(key);
            }
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (String field : reply.getKeys()) {
                fields.put(field, reply.get(field).toBytes());
            }
            return fields;
        });
    }

    /**
     * Replaces the hash with {@code fields}, or merges them in ({@code null} values delete fields).
     * @return whether the hash existed before
     */
    public Uni<Boolean> write(Namespace namespace, String key, Map<String, byte[]> fields, boolean replace) {
        byte[] marker = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        List<byte[]> args = new ArrayList<>();
        args.add((replace ? "replace" : "merge").getBytes(StandardCharsets.US_ASCII));
        fields.forEach((field, value) -> {
            args.add(Names.requireValid(field).getBytes(StandardCharsets.UTF_8));
            args.add(value == null ? marker : value);
        });
        args.add(marker);
        return redis.run(WRITE, List.of(namespace.key(key)), args).map(reply -> reply.toInteger() == 1);
    }

    public Uni<Void> delete(Namespace namespace, String key) {
        return redis.run(DELETE_OF_TYPE, List.of(namespace.key(key)), List.of("hash".getBytes(StandardCharsets.US_ASCII)))
                .map(reply -> {
                    if (reply.toInteger() == 0) {
                        throw ProblemException.keyNotFound(key);
                    }
                    return null;
                });
    }

    public Uni<byte[]> readField(Namespace namespace, String key, String field) {
        return redis.send(Request.cmd(Command.HGET).arg(namespace.key(key)).arg(Names.requireValid(field))).map(reply -> {
            if (reply == null) {
                throw ProblemException.notInKey(field, key);
            }
            return reply.toBytes();
        });
    }

    /** @return whether the field is new */
    public Uni<Boolean> writeField(Namespace namespace, String key, String field, byte[] value) {
        return redis.send(Request.cmd(Command.HSET).arg(namespace.key(key)).arg(Names.requireValid(field)).arg(value))
                .map(reply -> reply.toInteger() == 1);
    }

    public Uni<Void> deleteField(Namespace namespace, String key, String field) {
        return redis.send(Request.cmd(Command.HDEL).arg(namespace.key(key)).arg(Names.requireValid(field))).map(reply -> {
            if (reply.toInteger() == 0) {
                throw ProblemException.notInKey(field, key);
            }
            return null;
        });
    }
}
