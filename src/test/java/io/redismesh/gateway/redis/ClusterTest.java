package io.redismesh.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Hash slots as Redis computes them (CLUSTER KEYSLOT), and keys that route a call to a chosen slot. */
class ClusterTest {

    private static int slot(String key) {
        return Cluster.slot(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void slotsAreRedisKeySlots() {
        assertEquals(12182, slot("foo")); // CLUSTER KEYSLOT foo
        assertEquals(slot("user1000"), slot("{user1000}.following"));
        assertEquals(slot("rgw:demo:{order-42}:items"), slot("rgw:demo:{order-42}:total"));
    }

    @Test
    void everySlotHasARoutingKeyUnderTheGatewayPrefix() {
        for (int slot = 0; slot < Cluster.SLOTS; slot++) {
            assertEquals(slot, Cluster.slot(Cluster.keyInSlot("rgw:", slot)));
        }
    }
}
