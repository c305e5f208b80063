package io.redismesh.gateway.redis;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The local redis-server for dev mode and tests ({@code gateway.embedded-redis.*}). */
@ConfigMapping(prefix = "gateway.embedded-redis")
public interface EmbeddedRedisConfig {

    /**
     * Start a real redis-server on a free loopback port when {@code quarkus.redis.hosts} is not set.
     * True in dev and test; false in prod, where a missing {@code quarkus.redis.hosts} stops start-up.
     */
    @WithDefault("false")
    boolean enabled();

    /**
     * The redis-server to run: a path, or {@code shipped} for the Redis 6.2 binary inside embedded-redis.
     * Default: the one on PATH, else the shipped one.
     */
    Optional<String> binary();

}
