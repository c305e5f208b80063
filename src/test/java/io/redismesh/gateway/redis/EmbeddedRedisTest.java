package io.redismesh.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The fallback for machines with only a JDK: the redis-server shipped inside embedded-redis. */
class EmbeddedRedisTest {

    record Config(boolean enabled, Optional<String> binary) implements EmbeddedRedisConfig {
    }

    @Test
    void withoutRedisOnPathTheShippedBinaryStartsAndAnswersPing() throws IOException {
        String shipped = EmbeddedRedis.resolveBinary(Optional.empty(), "");
        assertFalse(shipped.endsWith("/usr/bin/redis-server"), shipped);
        assertFalse(EmbeddedRedis.resolveBinary(Optional.of("shipped"), "/usr/bin").endsWith("/usr/bin/redis-server"));

        EmbeddedRedis redis = new EmbeddedRedis(new Config(true, Optional.of(shipped)));
        URI host = redis.getHosts().iterator().next();
        try {
            assertEquals("127.0.0.1", host.getHost());
            assertEquals("+PONG", ping(host.getPort()));
        } finally {
            redis.stop();
        }
        assertThrows(IOException.class, () -> ping(host.getPort()));
    }

    @Test
    void disabledRefusesToGuessARedis() {
        EmbeddedRedis redis = new EmbeddedRedis(new Config(false, Optional.empty()));
        IllegalStateException refused = assertThrows(IllegalStateException.class, redis::getHosts);
        assertTrue(refused.getMessage().contains("quarkus.redis.hosts is not set"), refused.getMessage());
        assertEquals(0, redis.port());
    }

    @Test
    void redisServerOnPathIsPreferred() {
        assertTrue(EmbeddedRedis.resolveBinary(Optional.empty(), "/nonexistent:/usr/bin").equals("/usr/bin/redis-server")
                || !new java.io.File("/usr/bin/redis-server").exists());
    }

    private static String ping(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
        }
    }
}
