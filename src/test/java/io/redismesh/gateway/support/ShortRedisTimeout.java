package io.redismesh.gateway.support;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A 1 s Redis timeout, for the tests that pause their own redis-server past it (one application instance for all of them). */
public class ShortRedisTimeout implements QuarkusTestProfile {

    /** How long those tests pause Redis ({@code CLIENT PAUSE}): well past the timeout. */
    public static final String PAUSE_MILLIS = "6000";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.redis.timeout", "1s");
    }
}
