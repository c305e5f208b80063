package io.redismesh.gateway.lock;

import static io.redismesh.gateway.support.Leases.developer;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.redis.datasource.RedisDataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SemaphoreResourceTest {

    static final String SEMAPHORE = "/v1/namespaces/demo/semaphores/{name}";
    static final String LEASES = SEMAPHORE + "/leases";
    static final String LEASE = LEASES + "/{leaseId}";

    @Inject
    RedisDataSource redis;

    static Response take(String name, int permits, long ttlMillis, long waitMillis) {
        return developer().body(Map.of("permits", permits, "ttlMillis", ttlMillis, "waitMillis", waitMillis)).post(LEASES, name)
                .then().extract().response();
    }

    @Test
    void atMostPermitsLeasesAreHeldAtOnce() {
        String name = "pool-" + UUID.randomUUID();
        Response first = take(name, 2, 30_000, 0);
        first.then().statusCode(201);
        take(name, 2, 30_000, 0).then().statusCode(201);
        take(name, 2, 30_000, 0).then().statusCode(409).body("type", equalTo("/problems/lock-held"));
        developer().get(SEMAPHORE, name).then().statusCode(200).body("permits", equalTo(2)).body("held", equalTo(2));
        developer().delete(LEASE, name, first.jsonPath().getString("leaseId")).then().statusCode(204);
        developer().delete(LEASE, name, first.jsonPath().getString("leaseId")).then().statusCode(410).body("type", equalTo("/problems/lease-lost"));
        take(name, 2, 30_000, 0).then().statusCode(201);
    }

    @Test
    void lapsedHoldersFreeTheirSlot() {
        String name = "pool-" + UUID.randomUUID();
        Response lapsing = take(name, 1, 150, 0);
        lapsing.then().statusCode(201);
        await().atMost(Duration.ofSeconds(5)).until(() -> developer().get(SEMAPHORE, name).jsonPath().getInt("held") == 0);
        developer().get(SEMAPHORE, name).then().body("permits", nullValue());
        developer().body(Map.of("ttlMillis", 1_000)).put(LEASE, name, lapsing.jsonPath().getString("leaseId")).then().statusCode(410);
        take(name, 1, 30_000, 0).then().statusCode(201);
    }

    @Test
    void aWaiterGetsTheFreedSlot() throws Exception {
        String name = "pool-" + UUID.randomUUID();
        Response held = take(name, 1, 30_000, 0);
        CompletableFuture<Response> waiter = CompletableFuture.supplyAsync(() -> take(name, 1, 30_000, 20_000));
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.list(String.class).llen("rgw:~semaphore:demo:{" + name + "}:queue") == 1);
        developer().body(Map.of("ttlMillis", 60_000)).put(LEASE, name, held.jsonPath().getString("leaseId")).then().statusCode(200)
                .body("ttlMillis", equalTo(60_000));
        developer().delete(LEASE, name, held.jsonPath().getString("leaseId")).then().statusCode(204);
        waiter.get(20, TimeUnit.SECONDS).then().statusCode(201);
    }

    @Test
    void everyHolderMustAskForTheSamePermits() {
        String name = "pool-" + UUID.randomUUID();
        take(name, 2, 30_000, 0).then().statusCode(201);
        take(name, 3, 30_000, 0).then().statusCode(409).body("type", equalTo("/problems/permits-mismatch"));
        developer().body(Map.of("ttlMillis", 1_000)).post(LEASES, name).then().statusCode(400);
        take(name, 0, 30_000, 0).then().statusCode(400);
    }
}
