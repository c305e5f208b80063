package io.redismesh.gateway.lock;

import static io.redismesh.gateway.support.Leases.LEASE;
import static io.redismesh.gateway.support.Leases.LEASES;
import static io.redismesh.gateway.support.Leases.LOCK;
import static io.redismesh.gateway.support.Leases.acquire;
import static io.redismesh.gateway.support.Leases.acquired;
import static io.redismesh.gateway.support.Leases.developer;
import static io.redismesh.gateway.support.Leases.lock;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.smallrye.common.annotation.Identifier;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;

@QuarkusTest
class LockResourceTest {

    @Inject
    RedisDataSource redis;

    @Inject
    @Identifier(EmbeddedRedis.PROVIDER_NAME)
    EmbeddedRedis embeddedRedis;

    @Test
    void acquireGrantsALeaseWithAnUnguessableIdAndALocation() {
        String name = lock();
        Response response = acquire(name, 30_000, 0);
        response.then().statusCode(201)
                .body("lock", equalTo(name))
                .body("leaseId", matchesPattern("[A-Za-z0-9_-]{22}"))
                .body("ttlMillis", equalTo(30_000))
                .body("expiresAt", notNullValue());
        String leaseId = response.jsonPath().getString("leaseId");
        assertTrue(response.header("Location").endsWith("/v1/namespaces/demo/locks/" + name + "/leases/" + leaseId), response.header("Location"));
        assertTrue(response.jsonPath().getLong("fencingToken") >= 1);
    }

    @Test
    void inspectShowsHolderAndTokenButNeverTheLeaseId() {
        String name = lock();
        Response lease = acquire(name, 30_000, 0);
        developer().get(LOCK, name).then().statusCode(200)
                .body("held", equalTo(true))
                .body("holder", equalTo("worker-1"))
                .body("fencingToken", equalTo(lease.jsonPath().getLong("fencingToken")))
                .body("$", not(hasKey("leaseId")))
                .body(not(org.hamcrest.Matchers.containsString(lease.jsonPath().getString("leaseId"))));
        developer().delete(LEASE, name, lease.jsonPath().getString("leaseId")).then().statusCode(204);
        developer().get(LOCK, name).then().statusCode(200).body("held", equalTo(false)).body("holder", nullValue())
                .body("fencingToken", equalTo(lease.jsonPath().getLong("fencingToken")));
    }

    @Test
    void aHeldLockIsRefusedWithLockHeldAndRetryAfter() {
        String name = lock();
        acquired(name, 30_000);
        Response refused = acquire(name, 30_000, 0);
        refused.then().statusCode(409).contentType("application/problem+json").body("type", equalTo("/problems/lock-held"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "Retry-After " + retryAfter);
    }

    @Test
    void renewExtendsTheLeaseForItsHolderOnly() {
        String name = lock();
        String leaseId = acquired(name, 1_000);
        developer().body(Map.of("ttlMillis", 60_000)).put(LEASE, name, leaseId).then().statusCode(200)
                .body("leaseId", equalTo(leaseId)).body("ttlMillis", equalTo(60_000));
        developer().get(LOCK, name).then().body("ttlMillis", org.hamcrest.Matchers.greaterThan(50_000));
        String foreign = LeaseService.newLeaseId();
        developer().body(Map.of("ttlMillis", 60_000)).put(LEASE, name, foreign).then().statusCode(410)
                .body("type", equalTo("/problems/lease-lost"));
        developer().delete(LEASE, name, foreign).then().statusCode(410);
        developer().delete(LEASE, name, "not-a-lease-id").then().statusCode(410);
        // a lease of another lock is not this lock's
        developer().delete(LEASE, lock(), leaseId).then().statusCode(410);
        developer().get(LOCK, name).then().body("held", equalTo(true));
    }

    @Test
    void releaseFreesTheLockOnceThenTheLeaseIsLost() {
        String name = lock();
        String leaseId = acquired(name, 30_000);
        developer().delete(LEASE, name, leaseId).then().statusCode(204);
        developer().delete(LEASE, name, leaseId).then().statusCode(410).body("type", equalTo("/problems/lease-lost"));
        developer().body(Map.of("ttlMillis", 1_000)).put(LEASE, name, leaseId).then().statusCode(410);
        acquired(name, 30_000);
    }

    @Test
    void releaseAfterExpiryIsRefused() {
        String name = lock();
        String leaseId = acquired(name, 150);
        await().atMost(Duration.ofSeconds(5)).until(() -> !developer().get(LOCK, name).jsonPath().getBoolean("held"));
        developer().delete(LEASE, name, leaseId).then().statusCode(410);
    }

    @Test
    void renewAfterExpiryIsRefused() {
        String name = lock();
        String leaseId = acquired(name, 150);
        await().atMost(Duration.ofSeconds(5)).until(() -> !developer().get(LOCK, name).jsonPath().getBoolean("held"));
        developer().body(Map.of("ttlMillis", 30_000)).put(LEASE, name, leaseId).then().statusCode(410);
        acquired(name, 30_000);
    }

    /** ShedLock's contract "unlock after expiry is a no-op": a holder that paused past its TTL cannot free its successor's lock. */
    @Test
    void aStaleReleaseLeavesTheNewcomersLeaseHeld() {
        String name = lock();
        String stale = acquired(name, 150);
        Response newcomer = afterExpiry(name, 30_000);

        developer().delete(LEASE, name, stale).then().statusCode(410).body("type", equalTo("/problems/lease-lost"));

        developer().get(LOCK, name).then().statusCode(200).body("held", equalTo(true))
                .body("fencingToken", equalTo(newcomer.jsonPath().getLong("fencingToken")));
        acquire(name, 30_000, 0).then().statusCode(409);
        developer().delete(LEASE, name, newcomer.jsonPath().getString("leaseId")).then().statusCode(204);
    }

    /** ShedLock's contract "extend after expiry is a no-op": a stale renewal neither extends nor takes over the newcomer's lease. */
    @Test
    void aStaleRenewalLeavesTheNewcomersLeaseAsItWas() {
        String name = lock();
        String stale = acquired(name, 150);
        Response newcomer = afterExpiry(name, 2_000);

        developer().body(Map.of("ttlMillis", 60_000)).put(LEASE, name, stale).then().statusCode(410);

        developer().get(LOCK, name).then().statusCode(200).body("held", equalTo(true))
                .body("fencingToken", equalTo(newcomer.jsonPath().getLong("fencingToken")))
                .body("ttlMillis", org.hamcrest.Matchers.lessThanOrEqualTo(2_000));
        developer().body(Map.of("ttlMillis", 30_000)).put(LEASE, name, newcomer.jsonPath().getString("leaseId")).then().statusCode(200);
    }

    /** Once the lock's lease lapsed: a newcomer's lease of {@code ttlMillis}. */
    private static Response afterExpiry(String name, long ttlMillis) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !developer().get(LOCK, name).jsonPath().getBoolean("held"));
        Response newcomer = acquire(name, ttlMillis, 0);
        newcomer.then().statusCode(201);
        return newcomer;
    }

    @Test
    void fencingTokensStrictlyIncreaseAcrossReleaseExpiryAndEviction() {
        String name = lock();
        Response released = acquire(name, 30_000, 0);
        developer().delete(LEASE, name, released.jsonPath().getString("leaseId")).then().statusCode(204);
        long afterRelease = acquire(name, 150, 0).jsonPath().getLong("fencingToken");
        await().atMost(Duration.ofSeconds(5)).until(() -> !developer().get(LOCK, name).jsonPath().getBoolean("held"));
        long afterExpiry = acquire(name, 30_000, 0).jsonPath().getLong("fencingToken");
        // the lease's keys evicted (maxmemory) or lost in a failover: the counter key is apart and survives
        redis.key().del("rgw:~lock:demo:{" + name + "}:holders", "rgw:~lock:demo:{" + name + "}:info");
        long afterEviction = acquire(name, 30_000, 0).jsonPath().getLong("fencingToken");
        long first = released.jsonPath().getLong("fencingToken");
        assertTrue(first < afterRelease && afterRelease < afterExpiry && afterExpiry < afterEviction,
                first + " < " + afterRelease + " < " + afterExpiry + " < " + afterEviction);
    }

    @Test
    void fencingTokensKeepIncreasingAfterRedisLostTheLock() {
        String name = lock();
        Response before = acquire(name, 30_000, 0);
        before.then().statusCode(201);
        // Redis lost its data (FLUSHALL, a restart without persistence): every key of the lock is gone, the counter too
        redis.key().del(redis.key().keys("rgw:~lock:demo:{" + name + "}:*").toArray(String[]::new));
        Response after = acquire(name, 30_000, 0);
        after.then().statusCode(201);
        long stale = before.jsonPath().getLong("fencingToken");
        long fresh = after.jsonPath().getLong("fencingToken");
        assertTrue(fresh > stale, "the new holder's token " + fresh + " must exceed the stale holder's " + stale);
    }

    @Test
    void atMaxmemoryNoAcquireSucceedsWhileRenewalsFail() {
        String lapsed = lock();
        acquire(lapsed, 150, 0).then().statusCode(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> !developer().get(LOCK, lapsed).jsonPath().getBoolean("held"));
        String held = lock();
        String leaseId = acquired(held, 30_000);
        redis.execute("CONFIG", "SET", "maxmemory", "1");
        try {
            developer().body(Map.of("ttlMillis", 30_000)).put(LEASE, held, leaseId).then().statusCode(503)
                    .body("type", equalTo("/problems/backend-unavailable")).header("Retry-After", notNullValue());
            // the lapsed holder's cleanup is a write, after which Redis would let the script grow memory: refused up front
            acquire(lapsed, 30_000, 0).then().statusCode(503).body("type", equalTo("/problems/backend-unavailable"));
            acquire(lock(), 30_000, 0).then().statusCode(503);
            // releasing frees memory: still served
            developer().delete(LEASE, held, leaseId).then().statusCode(204);
        } finally {
            redis.execute("CONFIG", "SET", "maxmemory", "0");
        }
        acquire(lapsed, 30_000, 0).then().statusCode(201);
    }

    @Test
    void ttlAndWaitAreBoundedByTheNamespace() {
        String name = lock();
        developer().body(Map.of("ttlMillis", 0)).post(LEASES, name).then().statusCode(400);
        developer().body(Map.of()).post(LEASES, name).then().statusCode(400);
        developer().body(Map.of("ttlMillis", 86_400_001L)).post(LEASES, name).then().statusCode(400);
        developer().body(Map.of("ttlMillis", 1_000, "waitMillis", 30_001)).post(LEASES, name).then().statusCode(400);
        developer().body(Map.of("ttlMillis", 1_000, "waitMillis", -1)).post(LEASES, name).then().statusCode(400);
        developer().body(Map.of("ttlMillis", 1_000, "holder", "x".repeat(257))).post(LEASES, name).then().statusCode(400);
        given().auth().oauth2(Tokens.withGroups("developer")).contentType("application/json")
                .body(Map.of("ttlMillis", 3_600_001L)).post("/v1/namespaces/tight/locks/{name}/leases", name).then().statusCode(403);
    }

    @Test
    void lockRoleIsRequired() {
        given().auth().oauth2(Tokens.withGroups("reader")).contentType("application/json").body(Map.of("ttlMillis", 1_000))
                .post(LEASES, lock()).then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        given().auth().oauth2(Tokens.withGroups("reader")).get(LOCK, lock()).then().statusCode(403);
        given().contentType("application/json").body(Map.of("ttlMillis", 1_000)).post(LEASES, lock()).then().statusCode(401);
    }

    @Test
    void aWaiterIsServedWithinMillisecondsOfTheRelease() throws Exception {
        String name = lock();
        String holder = acquired(name, 30_000);
        CompletableFuture<Response> waiter = CompletableFuture.supplyAsync(() -> acquire(name, 30_000, 20_000));
        awaitQueued(name, 1);
        long released = System.nanoTime();
        developer().delete(LEASE, name, holder).then().statusCode(204);
        Response granted = waiter.get(20, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - released) / 1_000_000;
        granted.then().statusCode(201);
        // the polling fallback alone would take up to a second
        assertTrue(millis < 500, "the waiter was served " + millis + " ms after the release");
    }

    @Test
    void wakeUpsResumeAfterRedisRestarts() throws Exception {
        embeddedRedis.stop();
        embeddedRedis.start();
        // the wake-up subscription comes back by itself; until then waiters fall back to polling
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                .until(() -> redis.execute("PUBSUB", "CHANNELS", "rgw:~lock:wake-up").size() == 1);
        aWaiterIsServedWithinMillisecondsOfTheRelease();
    }

    @Test
    void waitersAreServedInArrivalOrder() throws Exception {
        String name = lock();
        String first = acquired(name, 30_000);
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> acquire(name, 30_000, 20_000));
        awaitQueued(name, 1);
        CompletableFuture<Response> third = CompletableFuture.supplyAsync(() -> acquire(name, 30_000, 20_000));
        awaitQueued(name, 2);
        developer().delete(LEASE, name, first).then().statusCode(204);
        Response secondLease = second.get(20, TimeUnit.SECONDS);
        secondLease.then().statusCode(201);
        assertTrue(!third.isDone(), "the third waiter must wait for the second's release");
        // a newcomer without waiting does not jump the queue either
        acquire(name, 30_000, 0).then().statusCode(409);
        developer().delete(LEASE, name, secondLease.jsonPath().getString("leaseId")).then().statusCode(204);
        Response thirdLease = third.get(20, TimeUnit.SECONDS);
        thirdLease.then().statusCode(201);
        assertTrue(thirdLease.jsonPath().getLong("fencingToken") > secondLease.jsonPath().getLong("fencingToken"));
    }

    @Test
    void aWaitThatRunsOutIsLockHeldAndLeavesTheQueue() {
        String name = lock();
        acquired(name, 30_000);
        long start = System.nanoTime();
        Response refused = acquire(name, 30_000, 300);
        long millis = (System.nanoTime() - start) / 1_000_000;
        refused.then().statusCode(409).body("type", equalTo("/problems/lock-held"));
        assertTrue(refused.header("Retry-After") != null);
        assertTrue(millis >= 300 && millis < 5_000, "answered after " + millis + " ms");
        assertEquals(0, queueLength(name));
    }

    void awaitQueued(String name, long waiters) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> queueLength(name) == waiters);
    }

    long queueLength(String name) {
        return redis.list(String.class).llen("rgw:~lock:demo:{" + name + "}:queue");
    }
}
