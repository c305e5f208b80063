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
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.ResponseType;

/** Redis hashes under the namespace prefix; field values are bytes. */
@ApplicationScoped
public class HashStore {

    private static final LuaScript WRITE = LuaScript.load("cache/hash-write");
    private static final LuaScript DELETE_OF_TYPE = LuaScript.load("cache/delete-of-type");
    private static final LuaScript READ_WHOLE = LuaScript.load("cache/hash-read");
    private static final LuaScript READ_FIELD = LuaScript.load("cache/field-read");

    private final RedisExecutor redis;
    private final Pages pages;

    public HashStore(RedisExecutor redis, Pages pages) {
        this.redis = redis;
        this.pages = pages;
    }

    /**
     * The whole hash, when it fits one page (max-page-items fields, max-page-bytes), checked in Redis before
     * any value is read; a larger one is a 400 page-too-large naming the paged call, an absent one a 404.
     */
    public Uni<Map<String, byte[]>> read(Namespace namespace, String key) {
        List<byte[]> args = List.of(Pages.arg(namespace.maxPageItems()), Pages.arg(namespace.maxPageBytes()));
        return redis.run(READ_WHOLE, List.of(namespace.key(key)), args).map(reply -> {
            if (reply.size() == 0) {
                throw ProblemException.keyNotFound(key);
            }
            if (reply.get(0).toInteger() == 0) {
                throw new ProblemException(ProblemType.PAGE_TOO_LARGE, "the hash '" + key + "' (" + reply.get(1).toLong()
                        + " fields) is larger than a page of namespace '" + namespace.name() + "' may hold (" + namespace.maxPageItems()
                        + " fields, " + namespace.maxPageBytes() + " bytes): read it in pages with GET /v1/namespaces/"
                        + namespace.name() + "/hashes/{key}/fields?cursor=&limit=");
            }
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (int i = 1; i < reply.size(); i += 2) {
                fields.put(new String(reply.get(i).toBytes(), StandardCharsets.UTF_8), reply.get(i + 1).toBytes());
            }
            return fields;
        });
    }

    /** A page of fields by HSCAN: Redis's own cursor ("0" = done) and the fields with their values. */
    public record FieldPage(Map<String, byte[]> fields, String next) {
    }

    /** A page of at most about {@code limit} fields and at most max-page-bytes, bounded inside Redis. */
    public Uni<FieldPage> fields(Namespace namespace, String key, String cursor, int limit) {
        return pages.scan(namespace, "hash", key, cursor, limit).map(page -> {
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (int i = 0; i < page.items().size(); i += 2) {
                fields.put(new String(page.items().get(i), StandardCharsets.UTF_8), page.items().get(i + 1));
            }
            return new FieldPage(fields, page.next());
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

    /** One field's value; one longer than max-value-size (written into Redis directly) is a 413, never read. */
    public Uni<byte[]> readField(Namespace namespace, String key, String field) {
        List<byte[]> args = List.of(Names.requireValid(field).getBytes(StandardCharsets.UTF_8), Pages.arg(namespace.maxValueBytes()));
        return redis.run(READ_FIELD, List.of(namespace.key(key)), args).map(reply -> {
            if (reply == null) {
                throw ProblemException.notInKey(field, key);
            }
            if (reply.get(0).type() == ResponseType.NUMBER) {
                throw ValueStore.tooLargeToRead(namespace, "the field '" + field + "' of '" + key + "'", reply.get(0).toLong());
            }
            return reply.get(0).toBytes();
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
