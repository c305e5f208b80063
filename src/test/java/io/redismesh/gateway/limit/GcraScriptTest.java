package io.redismesh.gateway.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.redis.LuaScript;

/** lua/limit/gcra.lua against a real Redis, whose clock it uses: the allowance, the refill and the expiry of the state. */
@QuarkusTest
class GcraScriptTest {

    private static final long SECOND = 1_000_000;

    @Inject
    RedisDataSource redis;

    @Test
    void aFullBurstThenOneRequestPerInterval() throws InterruptedException {
        String key = "rgw:~rate:{test:" + UUID.randomUUID() + "}";
        // one request per 200 ms, bursts of 3
        for (long remaining = 2; remaining >= 0; remaining--) {
            List<Long> allowed = gcra(key, SECOND / 5, 3);
            assertEquals(1L, allowed.get(0));
            assertEquals(remaining, allowed.get(1));
            assertEquals(0L, allowed.get(2));
        }
        List<Long> refused = gcra(key, SECOND / 5, 3);
        assertEquals(List.of(0L, 0L), refused.subList(0, 2));
        assertTrue(refused.get(2) > 0 && refused.get(2) <= SECOND / 5, "retry after " + refused.get(2));
        assertTrue(refused.get(3) > 2 * SECOND / 5 && refused.get(3) <= 3 * SECOND / 5, "full again after " + refused.get(3));
        // a refusal does not use the allowance: after the advised wait exactly one more goes
        Thread.sleep(refused.get(2) / 1000 + 1);
        assertEquals(1L, gcra(key, SECOND / 5, 3).get(0));
        assertEquals(0L, gcra(key, SECOND / 5, 3).get(0));
    }

    @Test
    void theStateExpiresWhenTheAllowanceIsFullAgain() {
        String key = "rgw:~rate:{test:" + UUID.randomUUID() + "}";
        gcra(key, 10 * SECOND, 5);
        gcra(key, 10 * SECOND, 5);
        long pttl = redis.execute("PTTL", key).toLong();
        assertTrue(pttl > 19_000 && pttl <= 20_000, "pttl " + pttl);
    }

    @Test
    void aBurstOfOneAllowsOnePerInterval() {
        String key = "rgw:~rate:{test:" + UUID.randomUUID() + "}";
        assertEquals(List.of(1L, 0L, 0L), gcra(key, 60 * SECOND, 1).subList(0, 3));
        List<Long> refused = gcra(key, 60 * SECOND, 1);
        assertEquals(0L, refused.get(0));
        assertTrue(refused.get(2) > 59 * SECOND && refused.get(2) <= 60 * SECOND, "retry after " + refused.get(2));
    }

    private List<Long> gcra(String key, long intervalMicros, int burst) {
        LuaScript script = LuaScript.load("limit/gcra");
        var reply = redis.execute("EVAL", script.source(), "1", key, Long.toString(intervalMicros), Integer.toString(burst));
        return List.of(reply.get(0).toLong(), reply.get(1).toLong(), reply.get(2).toLong(), reply.get(3).toLong());
    }
}
