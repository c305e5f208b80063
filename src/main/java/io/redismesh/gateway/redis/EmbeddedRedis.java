package io.redismesh.gateway.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.redis.client.RedisHostsProvider;
import io.smallrye.common.annotation.Identifier;

/**
 * Hosts for the Redis client when {@code quarkus.redis.hosts} is not set (the extension asks this
 * provider, named by {@code quarkus.redis.hosts-provider-name}, before it connects). With
 * {@code gateway.embedded-redis.enabled} (dev and test) it starts a real redis-server on a free
 * loopback port and stops it on shutdown; otherwise (prod) start-up fails: a gateway that guessed
 * a Redis would serve 503s with a healthy-looking configuration.
 * Dev and test tooling: blocking by nature, never on a request path.
 */
@ApplicationScoped
@Identifier(EmbeddedRedis.PROVIDER_NAME)
public class EmbeddedRedis implements RedisHostsProvider {

    public static final String PROVIDER_NAME = "embedded-redis";
    static final String SHIPPED = "shipped";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final EmbeddedRedisConfig config;
    private Process process;
    private int port;

    public EmbeddedRedis(EmbeddedRedisConfig config) {
        this.config = config;
    }

    @Override
    public synchronized Set<URI> getHosts() {
        if (!config.enabled()) {
            throw new IllegalStateException("quarkus.redis.hosts is not set: set it (or QUARKUS_REDIS_HOSTS) to the Redis to use, "
                    + "e.g. redis://redis:6379; only dev mode and tests start a Redis of their own");
        }
        if (process == null) {
            port = freePort();
            start();
        }
        return Set.of(URI.create("redis://127.0.0.1:" + port));
    }

    public synchronized int port() {
        return port;
    }

    /** The running server's process id: fault tests freeze (SIGSTOP) or kill (SIGKILL) it, then {@link #start()} it again. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server is not running");
        }
        return process.pid();
    }

    /** Starts the server (again) on its port; used at boot and by tests that simulate an outage. */
    public synchronized void start() {
        String binary = resolveBinary(config.binary(), System.getenv().getOrDefault("PATH", ""));
        try {
            Path dir = Files.createTempDirectory("embedded-redis");
            process = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary, e);
        }
        awaitPong();
        Log.infof("embedded redis-server (%s) listening on 127.0.0.1:%d", binary, port);
    }

    @PreDestroy
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** The configured binary ({@code shipped}: the embedded-redis one), else redis-server on PATH, else the shipped one. */
    static String resolveBinary(Optional<String> configured, String path) {
        if (configured.isPresent()) {
            return configured.get().equals(SHIPPED) ? extractShippedBinary() : configured.get();
        }
        Optional<Path> onPath = List.of(path.split(File.pathSeparator)).stream()
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.map(Path::toString).orElseGet(EmbeddedRedis::extractShippedBinary);
    }

    /**
     * The redis-server inside com.github.codemonstur:embedded-redis, for machines without one. That jar
     * is a {@code provided} dependency: on the dev-mode and test class paths, never in the product.
     */
    private static String extractShippedBinary() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm");
        String resource = os.contains("mac")
                ? (arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64")
                : (arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64");
        try (InputStream in = EmbeddedRedis.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on PATH and no " + resource + " on the classpath "
                        + "(com.github.codemonstur:embedded-redis, dev and test only): install redis-server");
            }
            Path file = Files.createTempFile("redis-server-", "");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().setExecutable(true);
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot extract " + resource, e);
        }
    }

    private void awaitPong() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue());
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = new byte[5];
                if (socket.getInputStream().readNBytes(reply, 0, 5) == 5
                        && new String(reply, StandardCharsets.US_ASCII).equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port", e);
        }
    }
}
