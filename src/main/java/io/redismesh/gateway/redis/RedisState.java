package io.redismesh.gateway.redis;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;

/**
 * Whether Redis answered the gateway's last call. An outage is logged once when it begins and once
 * when it ends (WARN each), not once per request: during an outage every call answers 503 (counted
 * in {@code gateway_problems_total}), and a log line per call would only bury the cause.
 */
@ApplicationScoped
public class RedisState {

    private final AtomicBoolean up = new AtomicBoolean(true);

    void answered() {
        if (!up.get() && up.compareAndSet(false, true)) {
            Log.warn("Redis answers again");
        }
    }

    void unavailable(String reason) {
        if (up.compareAndSet(true, false)) {
            Log.warnf("Redis unavailable (%s): calls answer 503 backend-unavailable until it is back", reason);
        }
    }
}
