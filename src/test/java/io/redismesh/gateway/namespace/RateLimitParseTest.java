package io.redismesh.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class RateLimitParseTest {

    @Test
    void countPerPeriodShortOrIso() {
        RateLimit limit = RateLimit.parse("orders", "100/1S", OptionalInt.empty());
        assertEquals(new RateLimit(100, Duration.ofSeconds(1), 100), limit);
        assertEquals(10_000, limit.intervalMicros());
        assertEquals(1, limit.windowSeconds());
        RateLimit perMinute = RateLimit.parse("orders", "6000/PT1M", OptionalInt.of(10));
        assertEquals(new RateLimit(6000, Duration.ofMinutes(1), 10), perMinute);
        assertEquals(60, perMinute.windowSeconds());
        assertEquals(Duration.ofMillis(500), RateLimit.parse("orders", "3/0.5s", OptionalInt.empty()).period());
    }

    @Test
    void malformedLimitsStopStartUpNamingTheProperty() {
        for (String spec : new String[] { "100", "/1S", "0/1S", "-1/1S", "x/1S", "100/", "100/soon", "100/-1S", "2000000/1S" }) {
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> RateLimit.parse("orders", spec, OptionalInt.empty()), spec);
            assertEquals(true, failure.getMessage().startsWith("gateway.namespaces.orders.rate-limit: "), failure.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("orders", "100/1S", OptionalInt.of(0)));
    }
}
