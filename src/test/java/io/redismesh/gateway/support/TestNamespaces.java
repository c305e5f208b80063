package io.redismesh.gateway.support;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.namespace.Namespace;

/** Namespaces for unit tests, built as NamespaceRegistry builds them, without the application. */
public final class TestNamespaces {

    private TestNamespaces() {
    }

    /** A namespace {@code name} under the gateway prefix {@code rgw:}, with this key prefix and limits. */
    public static Namespace of(String name, String keyPrefix, long maxValueBytes, Duration maxTtl, Optional<Duration> defaultTtl) {
        return new Namespace(name, "rgw:" + keyPrefix, "rgw:", new Config(maxValueBytes, maxTtl, defaultTtl, 1000, 1024 * 1024));
    }

    /** Namespace {@code name} as {@link #demo()}, whose pages hold at most {@code maxPageItems} items. */
    public static Namespace withMaxPageItems(String name, int maxPageItems) {
        return new Namespace(name, "rgw:" + name + ":", "rgw:", new Config(16, Duration.ofHours(1), Optional.empty(), maxPageItems, 1024 * 1024));
    }

    /** Namespace {@code demo} (key prefix {@code rgw:demo:}), 16 bytes per value, TTLs up to an hour, persistent by default. */
    public static Namespace demo() {
        return of("demo", "demo:", 16, Duration.ofHours(1), Optional.empty());
    }

    private record Config(long maxValueBytes, Duration maxTtl, Optional<Duration> defaultTtl, int maxPageItems, long pageBytes)
            implements GatewayConfig.NamespaceConfig {

        @Override
        public MemorySize maxPageBytes() {
            return new MemorySize(BigInteger.valueOf(pageBytes));
        }

        @Override
        public Optional<String> keyPrefix() {
            return Optional.empty();
        }

        @Override
        public String contentType() {
            return "application/octet-stream";
        }

        @Override
        public MemorySize maxValueSize() {
            return new MemorySize(BigInteger.valueOf(maxValueBytes));
        }

        @Override
        public Duration maxWait() {
            return Duration.ofSeconds(30);
        }

        @Override
        public int maxBlockingCalls() {
            return 16;
        }

        @Override
        public Optional<String> rateLimit() {
            return Optional.empty();
        }

        @Override
        public OptionalInt rateLimitBurst() {
            return OptionalInt.empty();
        }

        @Override
        public String streamRetention() {
            return "10000";
        }

        @Override
        public int maxDeliveries() {
            return 0;
        }

        @Override
        public Duration idempotencyWindow() {
            return Duration.ofMinutes(10);
        }

        @Override
        public GatewayConfig.Roles roles() {
            return NO_ROLES;
        }

        @Override
        public GatewayConfig.Roles meshPrincipals() {
            return NO_ROLES;
        }
    }

    private static final GatewayConfig.Roles NO_ROLES = new GatewayConfig.Roles() {
        @Override
        public Optional<List<String>> read() {
            return Optional.empty();
        }

        @Override
        public Optional<List<String>> write() {
            return Optional.empty();
        }

        @Override
        public Optional<List<String>> lock() {
            return Optional.empty();
        }

        @Override
        public Optional<List<String>> publish() {
            return Optional.empty();
        }

        @Override
        public Optional<List<String>> subscribe() {
            return Optional.empty();
        }
    };
}
