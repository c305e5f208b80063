package io.redismesh.gateway.cache;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;

/**
 * Pages of collection reads, bounded in items and in bytes (the namespace's max-page-bytes) inside
 * Redis by one script each, so that no reply larger than a page is ever buffered in the gateway.
 */
@ApplicationScoped
public class Pages {

    private static final LuaScript SCAN = LuaScript.load("cache/scan-page");
    private static final LuaScript RANGE = LuaScript.load("cache/range");

    /** A page of a SCAN walk: Redis's own cursor ("0" = done) and the raw items (members, or field, value pairs). */
    public record ScanPage(List<byte[]> items, String next) {
    }

    /**
     * A page of an index range: the index (rank) of its first item, how many items the range holds from
     * there on (this page included), and the raw items (list items, or member, score pairs).
     */
    public record RangePage(long first, long remaining, List<byte[]> items) {
    }

    /** What a range reads: a list by index, a sorted set by rank or score, ascending or descending. */
    public enum Range {
        LIST("list", "index"), RANK("zset", "index"), RANK_DESCENDING("zset-rev", "index"),
        SCORE("zset", "score"), SCORE_DESCENDING("zset-rev", "score");

        final String kind;
        final String bounds;

        Range(String kind, String bounds) {
            this.kind = kind;
            this.bounds = bounds;
        }
    }

    private final RedisExecutor redis;

    public Pages(RedisExecutor redis) {
        this.redis = redis;
    }

    /**
     * One SSCAN ({@code kind} "set") or HSCAN ("hash") page of about {@code limit} items from {@code cursor};
     * 413 when the next item alone is over max-page-bytes.
     */
    public Uni<ScanPage> scan(Namespace namespace, String kind, String key, String cursor, int limit) {
        List<byte[]> args = List.of(arg(kind), arg(cursor), arg(limit), arg(namespace.maxPageBytes()));
        return redis.run(SCAN, List.of(namespace.key(key)), args).map(reply -> {
            if (reply.get(1).toInteger() == 1) {
                throw tooLargeForAPage(namespace, "an item of '" + key + "'");
            }
            List<byte[]> items = new ArrayList<>(reply.size() - 2);
            for (int i = 2; i < reply.size(); i++) {
                items.add(reply.get(i).toBytes());
            }
            return new ScanPage(items, reply.get(0).toString());
        });
    }

    /**
     * Up to {@code limit} items of the range from {@code from} to {@code to} (indexes, or scores for
     * {@link Range#SCORE}), after skipping {@code offset}. With {@code whole}, the rest of the range must fit
     * one page: over {@code limit} items or max-page-bytes it is a 400 page-too-large naming {@code pagedCall}.
     * Otherwise a first item over max-page-bytes alone is a 413.
     */
    public Uni<RangePage> range(Namespace namespace, Range range, String key, String from, String to, long offset, int limit,
            boolean whole, String pagedCall) {
        List<byte[]> args = List.of(arg(range.kind), arg(range.bounds), arg(from), arg(to), arg(offset), arg(limit),
                arg(namespace.maxPageBytes()), arg(whole ? 1 : 0));
        int step = range == Range.LIST ? 1 : 2;
        return redis.run(RANGE, List.of(namespace.key(key)), args).map(reply -> {
            long first = reply.get(0).toLong();
            long remaining = reply.get(1).toLong();
            List<byte[]> items = new ArrayList<>(reply.size() - 2);
            for (int i = 2; i < reply.size(); i++) {
                items.add(reply.get(i).toBytes());
            }
            long read = items.size() / step;
            if (whole && read < remaining) {
                throw new ProblemException(ProblemType.PAGE_TOO_LARGE, "the range of '" + key + "' (" + remaining
                        + " items) is larger than a page of namespace '" + namespace.name() + "' may hold (" + limit + " items, "
                        + namespace.maxPageBytes() + " bytes): read it in pages with " + pagedCall);
            }
            if (read == 0 && remaining > 0 && limit > 0) {
                throw tooLargeForAPage(namespace, "the item at index " + first + " of '" + key + "'");
            }
            return new RangePage(first, remaining, items);
        });
    }

    private static ProblemException tooLargeForAPage(Namespace namespace, String what) {
        return new ProblemException(ProblemType.VALUE_TOO_LARGE, what + " is larger than a page of namespace '" + namespace.name()
                + "' may hold (max-page-bytes " + namespace.maxPageBytes() + ")");
    }

    /** A script argument: the text of a number, a cursor or a keyword. */
    static byte[] arg(Object value) {
        return EntityTags.bytes(String.valueOf(value));
    }
}
