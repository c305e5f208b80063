package io.redismesh.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real three-master Redis Cluster on free loopback ports (redis-server and redis-cli from PATH), no replicas:
 * started before the application, its hosts handed to the Redis client in cluster mode, stopped after.
 */
public class RedisCluster implements QuarkusTestResourceLifecycleManager {

    private static final int MASTERS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final List<Process> servers = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        List<Integer> ports = new ArrayList<>();
        try {
            Path dir = Files.createTempDirectory("redis-cluster");
            for (int i = 0; i < MASTERS; i++) {
                int port = freePort();
                Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
                servers.add(new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no",
                        "--dir", nodeDir.toString())
                        .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
                ports.add(port);
            }
            for (int port : ports) {
                await(() -> cli(port, "PING").equals("PONG"), "redis-server on " + port + " answers PING");
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            ports.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            for (int port : ports) {
                await(() -> cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"), "node " + port + " reports cluster_state:ok");
            }
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("cannot start a Redis Cluster", e);
        }
        return Map.of("quarkus.redis.client-type", "cluster",
                "quarkus.redis.hosts", ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.joining(",")));
    }

    @Override
    public void stop() {
        servers.forEach(Process::destroy);
        for (Process server : servers) {
            try {
                server.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.clear();
    }

    private static String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        line.addAll(List.of(command));
        return run(line).trim();
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private interface Check {
        boolean holds();
    }

    private static void await(Check check, String what) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!check.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() {
        // a cluster node also listens on port + 10000 (the cluster bus): keep both below 65536
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    ServerSocket bus = socket.getLocalPort() < 55536
                            ? new ServerSocket(socket.getLocalPort() + 10000, 1, InetAddress.getLoopbackAddress())
                            : null) {
                if (bus != null) {
                    return socket.getLocalPort();
                }
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port pair for a cluster node");
    }
}
