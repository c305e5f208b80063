package io.redismesh.gateway.namespace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The namespaces the gateway exposes ({@code gateway.*}). Anything not declared here is 404: fail closed.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Prepended to every Redis key the gateway owns. */
    @WithDefault("rgw:")
    String keyPrefix();

    /**
     * Redis connections kept apart for blocking commands (a list pop with waitMillis), one per waiting call:
     * a blocking call beyond them answers 503 blocking-connections-busy, and ordinary calls never wait behind one.
     */
    @WithDefault("32")
    int maxBlockingConnections();

    /** The declared namespaces, by name ({@code [a-z0-9][a-z0-9-]{0,62}}). */
    Map<String, NamespaceConfig> namespaces();

    interface NamespaceConfig {
        /** Raw prefix inside Redis after {@code gateway.key-prefix}; default {@code <ns>:}. */
        Optional<String> keyPrefix();

        /** The Content-Type of cache values read back. */
        @WithDefault("application/octet-stream")
        String contentType();

        /** TTL of a value written without {@code ?ttl=}; empty = persistent. */
        Optional<Duration> defaultTtl();

        /** The longest TTL a caller may ask for. */
        @WithDefault("P1D")
        Duration maxTtl();

        /** The largest value accepted (413 above it). */
        @WithDefault("1M")
        MemorySize maxValueSize();

        /**
         * The most items one page of a collection read may hold (lists, hashes, sets, sorted sets); a
         * caller's {@code limit} above it is a 400. At most 1000.
         */
        @WithDefault("1000")
        int maxPageItems();

        /**
         * The most bytes one page of a collection read may hold, counted as stored in Redis (items, fields
         * and values, members and scores); checked inside Redis before anything reaches the gateway.
         */
        @WithDefault("1M")
        MemorySize maxPageBytes();

        /** The longest a blocking call (a list pop with waitMillis) may wait. */
        @WithDefault("PT30S")
        Duration maxWait();

        /**
         * Concurrent long polls (list pops, stream claims, lock and semaphore acquisitions with waitMillis) one
         * principal may have open in this namespace on one replica; beyond it 429 too-many-blocking-calls.
         */
        @WithDefault("16")
        int maxBlockingCalls();

        /**
         * Requests per principal in this namespace, as {@code <count>/<period>} ({@code 100/1S}, {@code 6000/PT1M}),
         * counted in Redis so that it holds across replicas; empty = no limit (and no cost).
         */
        Optional<String> rateLimit();

        /** The most requests one principal may send at once (after a quiet spell); default the rate-limit's count. */
        OptionalInt rateLimitBurst();

        /**
         * What each stream keeps (approximate trim on every append): a count of entries ({@code 10000}), or an
         * age ({@code PT1H}: entries older than that go).
         */
        @WithDefault("10000")
        String streamRetention();

        /** Deliveries of a stream entry before it moves to the dead-letter stream. */
        @WithDefault("5")
        int maxDeliveries();

        /**
         * How long the outcome of a call made with an {@code Idempotency-Key} is kept: a retry with the same key
         * within it gets that outcome instead of acting again.
         */
        @WithDefault("PT10M")
        Duration idempotencyWindow();

        /** The roles allowed per action; an action without roles is denied to everyone. */
        Roles roles();

        /**
         * The mesh workloads (SPIFFE IDs) allowed per action without a token, when
         * {@code gateway.mesh-identity.enabled}; none = bearer tokens only.
         */
        Roles meshPrincipals();
    }

    /** Who may do each action: role names under {@code roles}, SPIFFE IDs under {@code mesh-principals}. */
    interface Roles {
        /** Who may read values and data structures. */
        Optional<List<String>> read();

        /** Who may write, delete and increment. */
        Optional<List<String>> write();

        /** Who may take, renew and release leases. */
        Optional<List<String>> lock();

        /** Who may publish to channels and append to streams. */
        Optional<List<String>> publish();

        /** Who may subscribe to channels and read streams. */
        Optional<List<String>> subscribe();
    }
}
