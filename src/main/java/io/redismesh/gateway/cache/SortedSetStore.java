package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** Redis sorted sets under the namespace prefix; members are names (UTF-8), scores doubles. */
@ApplicationScoped
public class SortedSetStore {

    /** A member with its score and its rank in the order asked for. */
    public record Entry(String member, double score, long rank) {
    }

    private final RedisExecutor redis;
    private final Pages pages;

    public SortedSetStore(RedisExecutor redis, Pages pages) {
        this.redis = redis;
        this.pages = pages;
    }

    /** @return whether the member is new */
    public Uni<Boolean> put(Namespace namespace, String key, String member, double score) {
        return redis.send(Request.cmd(Command.ZADD).arg(namespace.key(key)).arg(score).arg(Names.requireValid(member)))
                .map(reply -> reply.toInteger() == 1);
    }

    /** ZSCORE and ZRANK pipelined in one round trip. */
    public Uni<Entry> get(Namespace namespace, String key, String member) {
        byte[] redisKey = namespace.key(key);
        Names.requireValid(member);
        return redis.batch(List.of(Request.cmd(Command.ZSCORE).arg(redisKey).arg(member), Request.cmd(Command.ZRANK).arg(redisKey).arg(member)))
                .map(replies -> {
                    if (replies.get(0) == null || replies.get(1) == null) {
                        throw ProblemException.notInKey(member, key);
                    }
                    return new Entry(member, replies.get(0).toDouble(), replies.get(1).toLong());
                });
    }

    public Uni<Void> remove(Namespace namespace, String key, String member) {
        return redis.send(Request.cmd(Command.ZREM).arg(namespace.key(key)).arg(Names.requireValid(member))).map(reply -> {
            if (reply.toInteger() == 0) {
                throw ProblemException.notInKey(member, key);
            }
            return null;
        });
    }

    public Uni<Double> increment(Namespace namespace, String key, String member, double by) {
        return redis.send(Request.cmd(Command.ZINCRBY).arg(namespace.key(key)).arg(by).arg(Names.requireValid(member)))
                .map(Response::toDouble);
    }

    /** A page of a range: its entries, and how many entries the range holds from the page's first on. */
    public record RangePage(List<Entry> entries, long remaining) {
    }

    /**
     * Up to {@code limit} entries (and at most max-page-bytes) of a range by rank ({@code from}/{@code to}
     * are ranks, negative from the end) or by score ({@code from}/{@code to} are the lowest and highest
     * score), skipping {@code offset}; ranks count in the order asked for.
     */
    public Uni<RangePage> range(Namespace namespace, String key, boolean byScore, boolean descending, String from, String to,
            long offset, int limit) {
        Pages.Range range = byScore
                ? (descending ? Pages.Range.SCORE_DESCENDING : Pages.Range.SCORE)
                : (descending ? Pages.Range.RANK_DESCENDING : Pages.Range.RANK);
        return pages.range(namespace, range, key, from, to, offset, limit, false, null).map(page -> {
            List<Entry> entries = new ArrayList<>(page.items().size() / 2);
            for (int i = 0; i < page.items().size(); i += 2) {
                entries.add(new Entry(new String(page.items().get(i), StandardCharsets.UTF_8),
                        score(page.items().get(i + 1)), page.first() + entries.size()));
            }
            return new RangePage(entries, page.remaining());
        });
    }

    /** A score as Redis writes it: a number, or "inf" / "-inf". */
    private static double score(byte[] text) {
        String score = new String(text, StandardCharsets.US_ASCII);
        return switch (score) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(score);
        };
    }
}
