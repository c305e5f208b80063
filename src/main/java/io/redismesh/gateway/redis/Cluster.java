package io.redismesh.gateway.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.ZModem;

/**
 * What the gateway must know of Redis Cluster ({@code quarkus.redis.client-type=cluster}): the hash slot
 * of a key, and the masters. The client routes a keyed command to its slot's node, but a command
 * without a key (SCAN) to any node, replicas included: {@link #keyInSlot} gives a key that routes a
 * script to the node serving a chosen slot.
 */
@ApplicationScoped
public class Cluster {

    public static final int SLOTS = 16384;

    /** "{n}" for the smallest n whose CRC16 lands in each slot: a key routed to that slot and nothing else. */
    private static final String[] TAGS = tags();

    private final boolean enabled;
    private final RedisExecutor redis;

    public Cluster(RedisExecutor redis, @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.enabled = clientType.equalsIgnoreCase("cluster");
    }

    public boolean enabled() {
        return enabled;
    }

    /** The key's hash slot as Redis computes it: CRC16 of the key, or of its first non-empty {hash tag}, mod 16384. */
    public static int slot(byte[] key) {
        return ZModem.generate(key);
    }

    /**
     * A key in {@code slot}, only to route a call there (never read or written): under the gateway's own
     * key prefix (free of hash tags), which a Redis ACL for the gateway allows already.
     */
    public static byte[] keyInSlot(String gatewayPrefix, int slot) {
        return (gatewayPrefix + "~cluster:" + TAGS[slot]).getBytes(StandardCharsets.UTF_8);
    }

    /** Each master named by the lowest slot it serves, ascending (CLUSTER SLOTS, asked of any node). */
    public Uni<List<Integer>> masters() {
        return redis.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).map(reply -> {
            Map<String, Integer> lowest = new TreeMap<>();
            for (Response range : reply) {
                Response master = range.get(2);
                lowest.merge(master.get(0).toString() + ":" + master.get(1).toInteger(), range.get(0).toInteger(), Math::min);
            }
            if (lowest.isEmpty()) {
                throw ProblemException.backendUnavailable("Redis Cluster serves no hash slots");
            }
            return lowest.values().stream().sorted().toList();
        });
    }

    private static String[] tags() {
        String[] tags = new String[SLOTS];
        int missing = SLOTS;
        for (int n = 0; missing > 0; n++) {
            String tag = "{" + n + "}";
            int slot = ZModem.generate(tag);
            if (tags[slot] == null) {
                tags[slot] = tag;
                missing--;
            }
        }
        return tags;
    }
}
