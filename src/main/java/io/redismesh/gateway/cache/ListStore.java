package io.redismesh.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** Redis lists under the namespace prefix; items are bytes. */
@ApplicationScoped
public class ListStore {

    private final RedisExecutor redis;
    private final Pages pages;

    public ListStore(RedisExecutor redis, Pages pages) {
        this.redis = redis;
        this.pages = pages;
    }

    /**
     * Up to {@code limit} items from index {@code start} to {@code stop} (inclusive, negative from the end),
     * at most max-page-bytes; with {@code whole} the range must fit one page (else 400 page-too-large).
     */
    public Uni<Pages.RangePage> range(Namespace namespace, String key, long start, long stop, int limit, boolean whole) {
        return pages.range(namespace, Pages.Range.LIST, key, String.valueOf(start), String.valueOf(stop), 0, limit, whole,
                "GET /v1/namespaces/" + namespace.name() + "/lists/{key}/items?start=&limit= (pass each page's next as start)");
    }

    /**
     * Pushes the items so that they read in the given order at that end.
     * @return the list's length afterwards
     */
    public Uni<Long> push(Namespace namespace, String key, List<byte[]> items, boolean head) {
        Request request = Request.cmd(head ? Command.LPUSH : Command.RPUSH).arg(namespace.key(key));
        for (int i = 0; i < items.size(); i++) {
            request.arg(items.get(head ? items.size() - 1 - i : i));
        }
        return redis.send(request).map(Response::toLong);
    }

    /**
     * Pops up to {@code count} items; when the list is empty and {@code wait} is positive, waits
     * (BLPOP/BRPOP, a long poll on the Redis side) for one item at most that long.
     */
    public Uni<List<byte[]>> pop(Namespace namespace, String key, int count, boolean head, Duration wait) {
        byte[] redisKey = namespace.key(key);
        return redis.send(Request.cmd(head ? Command.LPOP : Command.RPOP).arg(redisKey).arg(count)).flatMap(popped -> {
            if (popped != null || wait.isZero()) {
                return Uni.createFrom().item(items(popped));
            }
            Request blocking = Request.cmd(head ? Command.BLPOP : Command.BRPOP).arg(redisKey).arg(wait.toMillis() / 1000.0);
            // BLPOP answers [key, item], or nil after the wait
            return redis.sendBlocking(blocking, wait).map(reply -> reply == null ? List.<byte[]>of() : List.of(reply.get(1).toBytes()));
        });
    }

    private static List<byte[]> items(Response reply) {
        List<byte[]> items = new ArrayList<>();
        if (reply != null) {
            reply.forEach(item -> items.add(item.toBytes()));
        }
        return items;
    }
}
