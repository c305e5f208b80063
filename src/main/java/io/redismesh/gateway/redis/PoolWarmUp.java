package io.redismesh.gateway.redis;

import java.util.stream.IntStream;

import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Opens the Redis pool's connections at start-up. Measured: a cold gateway hit by a burst of
 * concurrent requests spends seconds opening connections (class loading and handshakes on the
 * client's single event loop) and times out; warm connections answer in milliseconds. Never fails
 * start-up: with Redis away, readiness simply stays DOWN.
 */
public class PoolWarmUp {

    void warm(@Observes StartupEvent start, Redis redis, @ConfigProperty(name = "quarkus.redis.max-pool-size") int poolSize) {
        Uni.join().all(IntStream.range(0, poolSize)
                .mapToObj(i -> redis.send(Request.cmd(Command.PING)).onFailure().recoverWithNull())
                .toList())
                .andCollectFailures()
                .subscribe().with(
                        pongs -> Log.debugf("Redis pool warmed: %d connections", pongs.stream().filter(p -> p != null).count()),
                        failure -> Log.debugf("Redis pool warm-up failed: %s", failure.toString()));
    }
}
