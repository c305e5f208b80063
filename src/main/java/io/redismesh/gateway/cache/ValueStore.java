package io.redismesh.gateway.cache;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.redis.Cluster;
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

    private static final LuaScript READ = LuaScript.load("cache/value-read");
    private static final LuaScript PUT = LuaScript.load("cache/put");
    private static final LuaScript DELETE = LuaScript.load("cache/delete");
    private static final LuaScript PUT_MANY = LuaScript.load("cache/put-many");
    private static final LuaScript PERSIST = LuaScript.load("cache/persist");
    private static final LuaScript SCAN_NODE = LuaScript.load("cache/scan-node");
    /** SCAN rounds one listing call may take to fill a page before it answers with a cursor. */
    private static final int SCAN_ROUNDS = 8;

    /** How a listing names Redis's types: by the collection of calls that reads them (a module's type keeps Redis's name). */
    private static final Map<String, String> KEY_TYPES = Map.of("string", "value", "hash", "hash", "list", "list", "set", "set",
            "zset", "sorted-set", "stream", "stream");

    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    /** More than a long double (INCRBYFLOAT's arithmetic) can hold: finer digits would be lost anyway. */
    private static final int MAX_FRACTION_DIGITS = 20;

    private final RedisExecutor redis;
    private final Cluster cluster;

    public ValueStore(RedisExecutor redis, Cluster cluster) {
        this.redis = redis;
        this.cluster = cluster;
    }

    /**
     * The value and its PTTL, never more than max-value-size bytes of it (413 beyond): GETRANGE 0..max and
     * PTTL pipelined, plain reads that Redis serves faster than a script and serves during CLIENT PAUSE
     * WRITE. What that cannot tell apart (an empty range of a key that exists: an empty value, or a key
     * written between the two commands; a range longer than max: how long?) is asked again of one
     * script that reads atomically.
     */
    public Uni<StoredValue> read(Namespace namespace, String key) {
        byte[] redisKey = namespace.key(key);
        long max = namespace.maxValueBytes();
        return redis.batch(List.of(Request.cmd(Command.GETRANGE).arg(redisKey).arg(0).arg(max), Request.cmd(Command.PTTL).arg(redisKey)))
                .flatMap(replies -> {
                    byte[] bytes = replies.get(0).toBytes();
                    long pttl = replies.get(1).toLong();
                    if (pttl == -2) {
                        return Uni.createFrom().failure(ProblemException.keyNotFound(key));
                    }
                    if (bytes.length == 0 || bytes.length > max) {
                        return readAtomically(namespace, key, redisKey);
                    }
                    return Uni.createFrom().item(stored(bytes, pttl));
                });
    }

    private Uni<StoredValue> readAtomically(Namespace namespace, String key, byte[] redisKey) {
        return redis.run(READ, List.of(redisKey), List.of(Pages.arg(namespace.maxValueBytes())))
                .map(reply -> {
                    if (reply == null) {
                        throw ProblemException.keyNotFound(key);
                    }
                    if (reply.size() == 1) {
                        throw tooLargeToRead(namespace, "the value of '" + key + "'", reply.get(0).toLong());
                    }
                    return stored(reply.get(0).toBytes(), reply.get(1).toLong());
                });
    }

    private static StoredValue stored(byte[] bytes, long pttl) {
        return new StoredValue(bytes, EntityTags.of(bytes), pttl >= 0 ? OptionalLong.of(pttl) : OptionalLong.empty());
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

    /**
     * MGET: values in request order, null where absent (or not a string). On Redis Cluster one MGET per
     * hash slot, pipelined, each value put back at its key's index: the client would split a cross-slot
     * MGET itself, and was seen to join the parts out of request order.
     */
    public Uni<List<byte[]>> getMany(Namespace namespace, List<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<byte[]> redisKeys = keys.stream().map(namespace::key).toList();
        List<Integer> indexes = IntStream.range(0, keys.size()).boxed().toList();
        List<List<Integer>> bySlot = cluster.enabled()
                ? List.copyOf(indexes.stream().collect(Collectors.groupingBy(i -> Cluster.slot(redisKeys.get(i)))).values())
                : List.of(indexes);
        List<Request> requests = bySlot.stream().map(group -> {
            Request request = Request.cmd(Command.MGET);
            group.forEach(i -> request.arg(redisKeys.get(i)));
            return request;
        }).toList();
        return redis.batch(requests).map(replies -> {
            byte[][] values = new byte[keys.size()][];
            for (int group = 0; group < bySlot.size(); group++) {
                List<Integer> at = bySlot.get(group);
                Response reply = replies.get(group);
                for (int j = 0; j < at.size(); j++) {
                    Response value = reply.get(j);
                    values[at.get(j)] = value == null ? null : value.toBytes();
                }
            }
            return Arrays.asList(values);
        });
    }

    /**
     * One Lua script writes every item or none. On Redis Cluster a script runs on one node, so its keys
     * must share a hash slot: keys across slots are a 400 cross-slot, and nothing is written.
     */
    public Uni<Void> putMany(Namespace namespace, List<String> keys, List<byte[]> values, List<Optional<Duration>> ttls) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<byte[]> redisKeys = keys.stream().map(namespace::key).toList();
        if (cluster.enabled() && redisKeys.stream().mapToInt(Cluster::slot).distinct().count() > 1) {
            throw new ProblemException(ProblemType.CROSS_SLOT, "on Redis Cluster one batch writes keys of one hash slot only: "
                    + "give the keys a common hash tag, e.g. '{order-42}:items' and '{order-42}:total'");
        }
        List<byte[]> args = new ArrayList<>(keys.size() * 2);
        for (int i = 0; i < keys.size(); i++) {
            args.add(values.get(i));
            args.add(EntityTags.bytes(String.valueOf(ttls.get(i).map(Duration::toMillis).orElse(0L))));
        }
        return redis.run(PUT_MANY, redisKeys, args).replaceWithVoid();
    }

    /**
     * A page of at most {@code limit} of the namespace's keys whose names start with {@code prefix}, every
     * Redis type, each with its type, by SCAN (never KEYS). SCAN's COUNT is only a hint and one step may
     * return more keys than the page has room for: the page then ends inside that step, and its position
     * is the step's starting cursor plus the last name taken (a step's names are taken in name order).
     * Starting again there repeats the step and skips the names up to that one, so a walk sees every key
     * present throughout it, and ending a page inside a step never repeats a key (SCAN alone may, while Redis resizes). The names of one step are matched against the prefix
     * here, not by SCAN MATCH, because a stream's key wraps its name in a hash tag ({@link Namespace#streamKey}).
     */
    public Uni<KeyPage> list(Namespace namespace, String prefix, Cursors.Position from, int limit) {
        if (!cluster.enabled()) {
            return scan(namespace, prefix, List.of(), from, limit, new ArrayList<>(), SCAN_ROUNDS)
                    .flatMap(page -> typed(prefix, page.found(), page.next()));
        }
        // Cluster: every master in turn, each from its own cursor; a position names the node it scans
        return cluster.masters().flatMap(masters -> scan(namespace, prefix, masters,
                from.node() == null ? new Cursors.Position(masters.get(0), from.redisCursor(), from.after()) : from,
                limit, new ArrayList<>(), SCAN_ROUNDS))
                .flatMap(page -> typed(prefix, page.found(), page.next()));
    }

    /** A listed key: its name as it follows the namespace prefix (a stream's in its hash tag) and its Redis key. */
    private record Found(String name, byte[] key) {
    }

    /** The names of a page with their types, and where the next page starts (null: the walk is done). */
    public record KeyPage(List<String> names, List<String> types, Cursors.Position next) {
    }

    /** SCAN steps from {@code from} until the page is full; {@code masters} (on Cluster) are the nodes to walk, in order. */
    private Uni<Untyped> scan(Namespace namespace, String prefix, List<Integer> masters, Cursors.Position from, int limit, List<Found> found,
            int roundsLeft) {
        String count = String.valueOf(Math.max(limit, 100));
        Uni<Response> call = from.node() == null
                ? redis.send(Request.cmd(Command.SCAN).arg(from.redisCursor()).arg("MATCH").arg(namespace.keyPattern("")).arg("COUNT").arg(count))
                : redis.run(SCAN_NODE, List.of(Cluster.keyInSlot(namespace.gatewayPrefix(), from.node())),
                        List.of(EntityTags.bytes(from.redisCursor()), namespace.keyPattern(""), EntityTags.bytes(count)));
        return call.flatMap(reply -> {
            String next = reply.get(0).toString();
            List<Found> step = new ArrayList<>();
            reply.get(1).forEach(key -> {
                String name = namespace.nameOf(key.toBytes());
                if ((name.startsWith(prefix) || Namespace.streamName(name).startsWith(prefix)) && (from.after() == null || name.compareTo(from.after()) > 0)) {
                    step.add(new Found(name, key.toBytes()));
                }
            });
            step.sort(Comparator.comparing(Found::name));
            int room = limit - found.size();
            if (step.size() > room) {
                found.addAll(step.subList(0, room));
                return Uni.createFrom().item(new Untyped(found, new Cursors.Position(from.node(), from.redisCursor(), found.get(found.size() - 1).name())));
            }
            found.addAll(step);
            Cursors.Position after = next.equals("0") ? nextNode(masters, from.node()) : new Cursors.Position(from.node(), next, null);
            if (after == null || found.size() == limit || roundsLeft == 1) {
                return Uni.createFrom().item(new Untyped(found, after));
            }
            return scan(namespace, prefix, masters, after, limit, found, roundsLeft - 1);
        });
    }

    private record Untyped(List<Found> found, Cursors.Position next) {
    }

    /** The start of the master after {@code node} (by lowest slot), null after the last one or off Cluster. */
    private static Cursors.Position nextNode(List<Integer> masters, Integer node) {
        return node == null ? null
                : masters.stream().filter(master -> master > node).findFirst().map(master -> new Cursors.Position(master, "0", null)).orElse(null);
    }

    /**
     * One pipelined TYPE per key (one round trip). A key deleted since the SCAN ("none") is left out, and so
     * is one whose name matched the prefix only in the form its type does not use (in or out of a stream's hash tag).
     */
    private Uni<KeyPage> typed(String prefix, List<Found> found, Cursors.Position next) {
        if (found.isEmpty()) {
            return Uni.createFrom().item(new KeyPage(List.of(), List.of(), next));
        }
        return redis.batch(found.stream().map(key -> Request.cmd(Command.TYPE).arg(key.key())).toList()).map(types -> {
            List<String> names = new ArrayList<>(found.size());
            List<String> named = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i++) {
                String type = types.get(i).toString();
                String name = type.equals("stream") ? Namespace.streamName(found.get(i).name()) : found.get(i).name();
                if (!type.equals("none") && name.startsWith(prefix)) {
                    names.add(name);
                    named.add(KEY_TYPES.getOrDefault(type, type));
                }
            }
            return new KeyPage(names, named, next);
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
