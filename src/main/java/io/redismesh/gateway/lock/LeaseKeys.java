package io.redismesh.gateway.lock;

import java.nio.charset.StandardCharsets;

import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.namespace.Namespace;

/**
 * The Redis keys of one lock or semaphore (see lua/lock/acquire.lua for what each holds). All share
 * one hash tag, so every script runs on one Cluster slot.
 */
record LeaseKeys(String name, byte[] holders, byte[] info, byte[] fence, byte[] queue, byte[] waiters) {

    static LeaseKeys of(Namespace namespace, LeaseKind kind, String name) {
        return new LeaseKeys(name,
                namespace.ownKey(kind.key, name, "holders"),
                namespace.ownKey(kind.key, name, "info"),
                namespace.ownKey(kind.key, name, "fence"),
                namespace.ownKey(kind.key, name, "queue"),
                namespace.ownKey(kind.key, name, "waiters"));
    }

    /**
     * The one channel on which releases wake the waiters of every gateway instance (the message names
     * the lease set, {@link #wakeUpId}); outside every namespace's key prefix, like the keys above.
     */
    static String wakeUpChannel(GatewayConfig config) {
        return config.keyPrefix() + "~lock:wake-up";
    }

    /** How wake-up messages name this lease set. */
    String wakeUpId() {
        return new String(holders, StandardCharsets.UTF_8);
    }
}
