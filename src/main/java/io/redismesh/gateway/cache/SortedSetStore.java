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

    public SortedSetStore(RedisExecutor redis) {
        this.redis = redis;
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

    /** Members from rank {@code start} to {@code stop} (inclusive, negative from the end), ascending or descending. */
    public Uni<List<Entry>> rangeByRank(Namespace namespace, String key, long start, long stop, boolean descending) {
        Request request = Request.cmd(Command.ZRANGE).arg(namespace.key(key)).arg(start).arg(stop);
        if (descending) {
            request.arg("REV");
        }
        request.arg("WITHSCORES");
        if (start >= 0) {
            return redis.send(request).map(reply -> entries(reply, start));
        }
        // a start counted from the end needs the size to give the first entry its rank
        return redis.batch(List.of(Request.cmd(Command.ZCARD).arg(namespace.key(key)), request))
                .map(replies -> entries(replies.get(1), Math.max(0, replies.get(0).toLong() + start)));
    }

    /**
     * Members with {@code min <= score <= max}, skipping {@code offset}, at most {@code limit}; ranks
     * count in the order asked for.
     */
    public Uni<List<Entry>> rangeByScore(Namespace namespace, String key, String min, String max, long offset, long limit, boolean descending) {
        byte[] redisKey = namespace.key(key);
        Request range = Request.cmd(Command.ZRANGE).arg(redisKey).arg(descending ? max : min).arg(descending ? min : max).arg("BYSCORE");
        if (descending) {
            range.arg("REV");
        }
        range.arg("LIMIT").arg(offset).arg(limit).arg("WITHSCORES");
        Request before = descending
                ? Request.cmd(Command.ZCOUNT).arg(redisKey).arg("(" + max).arg("+inf")
                : Request.cmd(Command.ZCOUNT).arg(redisKey).arg("-inf").arg("(" + min);
        return redis.batch(List.of(before, range)).map(replies -> entries(replies.get(1), replies.get(0).toLong() + offset));
    }

    /** WITHSCORES replies: [member, score] pairs (RESP3) or a flat member, score list (RESP2). */
    private static List<Entry> entries(Response reply, long firstRank) {
        List<Entry> entries = new ArrayList<>();
        boolean nested = reply.size() > 0 && reply.get(0).size() == 2 && reply.get(0).get(0) != null
                && reply.get(0).type() == io.vertx.redis.client.ResponseType.MULTI;
        int step = nested ? 1 : 2;
        for (int i = 0; i < reply.size(); i += step) {
            Response member = nested ? reply.get(i).get(0) : reply.get(i);
            Response score = nested ? reply.get(i).get(1) : reply.get(i + 1);
            entries.add(new Entry(new String(member.toBytes(), StandardCharsets.UTF_8), score.toDouble(), firstRank + entries.size()));
        }
        return entries;
    }

}
