package io.redismesh.gateway.lock;

import static io.redismesh.gateway.support.Leases.LEASE;
import static io.redismesh.gateway.support.Leases.LEASES;
import static io.redismesh.gateway.support.Leases.developer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.logging.Log;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Clients that each read-modify-write a cache value under the lock: the final count proves mutual
 * exclusion (any overlap loses an increment). {@code -Dcontention.runs=20} repeats it on fresh keys.
 */
@QuarkusTest
class LockContentionTest {

    static final int CLIENTS = 8;
    static final int ROUNDS = 10;
    static final String VALUE = "/v1/namespaces/demo/keys/{key}";

    @Test
    void concurrentReadModifyWritesUnderTheLockLoseNoUpdate() throws Exception {
        int runs = Integer.getInteger("contention.runs", 1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int run = 1; run <= runs; run++) {
                long started = System.nanoTime();
                String lock = "counter-" + UUID.randomUUID();
                String key = "counted-" + UUID.randomUUID();
                List<Long> tokensInGrantOrder = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    done.add(clients.submit(() -> {
                        for (int round = 0; round < ROUNDS; round++) {
                            incrementUnderLock(lock, key, tokensInGrantOrder);
                        }
                        return null;
                    }));
                }
                for (Future<?> client : done) {
                    client.get();
                }
                assertEquals(String.valueOf(CLIENTS * ROUNDS), developer().get(VALUE, key).then().statusCode(200).extract().asString(),
                        "run " + run + ": an increment was lost, so two clients held the lock at once");
                for (int i = 1; i < tokensInGrantOrder.size(); i++) {
                    assertTrue(tokensInGrantOrder.get(i - 1) < tokensInGrantOrder.get(i), "fencing tokens out of order: " + tokensInGrantOrder);
                }
                Log.infof("contention run %d/%d: %d lock cycles by %d clients in %d ms", run, runs, CLIENTS * ROUNDS, CLIENTS,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void incrementUnderLock(String lock, String key, List<Long> tokens) {
        Response lease = developer().body(Map.of("ttlMillis", 10_000, "waitMillis", 30_000)).post(LEASES, lock).then().statusCode(201)
                .extract().response();
        tokens.add(lease.jsonPath().getLong("fencingToken"));
        Response current = developer().get(VALUE, key).then().extract().response();
        long value = current.statusCode() == 404 ? 0 : Long.parseLong(current.asString());
        developer().contentType("text/plain").body(String.valueOf(value + 1)).put(VALUE, key).then().statusCode(org.hamcrest.Matchers.oneOf(201, 204));
        developer().delete(LEASE, lock, lease.jsonPath().getString("leaseId")).then().statusCode(204);
    }
}
