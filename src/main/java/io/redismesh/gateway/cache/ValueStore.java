package io.redismesh.gateway.cache;

import java.math.BigDecimal;
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
import io.vertx.mutiny.redis.client.Command;

/** Cache values as plain Redis strings under the namespace prefix: bytes in, bytes out. */
@ApplicationScoped
public class ValueStore {

    /** What a write did. */
    public enum Written {
        CREATED, REPLACED
    }

    private static final LuaScript READ = LuaScript.load("cache/value-read");
    private static final LuaScript PUT = LuaScript.load("cache/put");
    private static final LuaScript DELETE = LuaScript.load("cache/delete");
    private static final LuaScript PUT_MANY = LuaScript.load("cache/put-many");
    private static final LuaScript PERSIST = LuaScript.load("cache/persist");
    /** SCAN rounds one listing call may take to fill a page before it answers with a cursor. */
    private static final int SCAN_ROUNDS = 8;

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    /** More than a long double (INCRBYFLOAT's arithmetic) can hold: finer digits would be lost anyway. */
    private static final int MAX_FRACTION_DIGITS = 20;

    private final RedisExecutor redis;

    public ValueStore(RedisExecutor redis) {
        this.redis = redis;
    }

    /** The value and its PTTL in one script, which reads no value longer than max-value-size (413). */
    public Uni<StoredValue> read(Namespace namespace, String key) {
        return redis.run(READ, List.of(namespace.key(key)), List.of(Pages.arg(namespace.maxValueBytes())))
                .map(reply -> {
                    if (reply == null) {
                        throw ProblemException.keyNotFound(key);
                    }
                    if (reply.size() == 1) {
                        throw tooLargeToRead(namespace, "the value of '" + key + "'", reply.get(0).toLong());
                    }
                    long pttl = reply.get(1).toLong();
                    byte[] bytes = reply.get(0).toBytes();
                    return new StoredValue(bytes, EntityTags.of(bytes), pttl >= 0 ? OptionalLong.of(pttl) : OptionalLong.empty());
                });
    }

    /** 413 value-too-large for a stored value (written into Redis directly) longer than the namespace lets a read return. */
    static ProblemException tooLargeToRead(Namespace namespace, String what, long length) {
        return new ProblemException(ProblemType.VALUE_TOO_LARGE, what + " has " + length + " bytes; namespace '" + namespace.name()
                + "' returns at most " + namespace.maxValueBytes());
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

    /** The remaining TTL in ms, empty when persistent. */
    public Uni<OptionalLong> ttl(Namespace namespace, String key) {
        return redis.send(Request.cmd(Command.PTTL).arg(namespace.key(key))).map(reply -> {
            long pttl = reply.toLong();
            if (pttl == -2) {
                throw ProblemException.keyNotFound(key);
            }
            return pttl >= 0 ? OptionalLong.of(pttl) : OptionalLong.empty();
        });
    }

    public Uni<Void> expire(Namespace namespace, String key, Duration ttl) {
        return redis.send(Request.cmd(Command.PEXPIRE).arg(namespace.key(key)).arg(ttl.toMillis()))
                .map(reply -> requireFound(reply.toInteger() == 1, key));
    }

    public Uni<Void> persist(Namespace namespace, String key) {
        return redis.run(PERSIST, List.of(namespace.key(key)), List.of()).map(reply -> requireFound(reply.toInteger() == 1, key));
    }

    /** INCRBY for integers, INCRBYFLOAT for decimals; a non-numeric value is a 409 not-a-number. */
    public Uni<BigDecimal> increment(Namespace namespace, String key, BigDecimal by) {
        // Checked before any arithmetic: 1e999999999 is 12 characters of JSON but a billion digits as plain text.
        if (by.compareTo(LONG_MIN) < 0 || by.compareTo(LONG_MAX) > 0) {
            throw ProblemException.badRequest("by must be within the signed 64-bit range");
        }
        if (by.stripTrailingZeros().scale() > MAX_FRACTION_DIGITS) {
            throw ProblemException.badRequest("by may have at most " + MAX_FRACTION_DIGITS + " decimal places");
        }
        byte[] redisKey = namespace.key(key);
        boolean integral = by.stripTrailingZeros().scale() <= 0;
        Request request = integral
                ? Request.cmd(Command.INCRBY).arg(redisKey).arg(by.longValueExact())
                : Request.cmd(Command.INCRBYFLOAT).arg(redisKey).arg(by.toPlainString());
        return redis.send(request).map(reply -> new BigDecimal(reply.toString()));
    }

    /** MGET: values in request order, null where absent (or not a string). */
    public Uni<List<byte[]>> getMany(Namespace namespace, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Request request = Request.cmd(Command.MGET);
        keys.forEach(key -> request.arg(namespace.key(key)));
        return redis.send(request).map(reply -> {
            List<byte[]> values = new ArrayList<>(reply.size());
            reply.forEach(value -> values.add(value == null ? null : value.toBytes()));
            return values;
        });
    }

    /** One Lua script writes every item or none. */
    public Uni<Void> putMany(Namespace namespace, List<String> keys, List<byte[]> values, List<Optional<Duration>> ttls) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<byte[]> redisKeys = new ArrayList<>(keys.size());
        List<byte[]> args = new ArrayList<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) {
            redisKeys.add(namespace.key(keys.get(i)));
            args.add(values.get(i));
            args.add(EntityTags.bytes(String.valueOf(ttls.get(i).map(Duration::toMillis).orElse(0L))));
        }
        return redis.run(PUT_MANY, redisKeys, args).replaceWithVoid();
    }

    /** A page of the namespace's string keys starting with {@code prefix}, by SCAN (never KEYS). */
    public Uni<KeyPage> list(Namespace namespace, String prefix, String cursor, int limit) {
        return scan(namespace, namespace.keyPattern(prefix), cursor, limit, new ArrayList<>(), SCAN_ROUNDS);
    }

    /** Redis's own cursor ("0" = done) and the names found so far. */
    public record KeyPage(List<String> names, String next) {
    }

    private Uni<KeyPage> scan(Namespace namespace, byte[] pattern, String cursor, int limit, List<String> found, int roundsLeft) {
        Request request = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern)
                .arg("COUNT").arg(Math.max(limit, 100)).arg("TYPE").arg("string");
        return redis.send(request).flatMap(reply -> {
            String next = reply.get(0).toString();
            reply.get(1).forEach(key -> found.add(namespace.nameOf(key.toBytes())));
            if (next.equals("0") || found.size() >= limit || roundsLeft == 1) {
                return Uni.createFrom().item(new KeyPage(found, next));
            }
            return scan(namespace, pattern, next, limit, found, roundsLeft - 1);
        });
    }

    private static Void requireFound(boolean found, String key) {
        if (!found) {
            throw ProblemException.keyNotFound(key);
        }
        return null;
    }

    private static ProblemException preconditionFailed(String key) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED, "the precondition on '" + key + "' does not hold");
    }
}
