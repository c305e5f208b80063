package io.redismesh.gateway.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak for the {@code keycloak-it} Maven profile: the distribution that profile unpacks
 * (system property {@code keycloak.dist}), started as a child process with a JDK 21+ in
 * {@code start-dev} mode on free loopback ports, importing {@code src/test/keycloak/realm.json}, in
 * an in-memory database. Points the gateway at the realm by discovery with realm roles, and kills the
 * whole process tree on stop, or at JVM exit if stop is never reached.
 */
public class KeycloakServer implements QuarkusTestResourceLifecycleManager {

    static final String REALM = "mesh";
    private static final Logger LOG = Logger.getLogger(KeycloakServer.class);
    private static final Duration READY_WITHIN = Duration.ofMinutes(5);

    private Process process;
    private Thread killAtExit;

    @Override
    public Map<String, String> start() {
        Path dist = Path.of(System.getProperty("keycloak.dist", "target/keycloak/missing"));
        if (!Files.isExecutable(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak distribution at " + dist.toAbsolutePath()
                    + ": run with -Pkeycloak-it, which unpacks org.keycloak:keycloak-quarkus-dist there");
        }
        Path javaHome = jdk21OrNewer();
        Path pidFile = dist.resolveSibling("keycloak.pid");
        try {
            killLeftOver(pidFile, dist);
            Path imports = Files.createDirectories(dist.resolve("data/import"));
            Files.copy(Path.of("src/test/keycloak/realm.json"), imports.resolve("realm.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = freePort();
            Path log = dist.resolveSibling("keycloak.log");
            ProcessBuilder command = new ProcessBuilder(dist.resolve("bin/kc.sh").toString(), "start-dev", "--import-realm",
                    "--db=dev-mem", "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + freePort())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            command.environment().put("JAVA_HOME", javaHome.toString());
            long started = System.nanoTime();
            process = command.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            killAtExit = new Thread(this::kill, "kill-keycloak");
            Runtime.getRuntime().addShutdownHook(killAtExit);
            String realm = "http://127.0.0.1:" + port + "/realms/" + REALM;
            awaitReady(realm, log);
            LOG.infof("Keycloak (%s, JDK %s) ready at %s in %d s", dist.getFileName(), javaHome, realm,
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            return Map.of(
                    "quarkus.oidc.public-key", "",
                    "quarkus.oidc.auth-server-url", realm,
                    "quarkus.oidc.token.issuer", realm,
                    "quarkus.oidc.roles.role-claim-path", "realm_access/roles");
        } catch (IOException | RuntimeException e) {
            kill();
            throw new IllegalStateException("Keycloak did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException | NullPointerException alreadyExitingOrNeverStarted) {
            // the hook runs or never was
        }
    }

    /** A Keycloak of this distribution that a killed test JVM could not stop: end it before starting another. */
    private static void killLeftOver(Path pidFile, Path dist) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                .filter(left -> left.info().commandLine().map(line -> line.contains(dist.toString())).orElse(false))
                .ifPresent(left -> {
                    LOG.warnf("ending Keycloak %d left over by an earlier run", left.pid());
                    left.descendants().forEach(ProcessHandle::destroyForcibly);
                    left.destroyForcibly();
                });
        Files.delete(pidFile);
    }

    /** kc.sh runs java as its child: end the children first (they outlive a killed script), then the script. */
    private synchronized void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    private void awaitReady(String realm, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(realm + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; its log: " + tail(log));
            }
            try {
                if (http.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("Keycloak not ready within " + READY_WITHIN + "; its log: " + tail(log));
    }

    /**
     * Keycloak 26 needs Java 21+, while the build may run on 17: KEYCLOAK_JAVA_HOME, JAVA_HOME, the
     * running JVM, then every JDK under /usr/lib/jvm, newest first.
     */
    static Path jdk21OrNewer() {
        List<Path> candidates = new ArrayList<>();
        Stream.of(System.getenv("KEYCLOAK_JAVA_HOME"), System.getenv("JAVA_HOME"), System.getProperty("java.home"))
                .filter(home -> home != null && !home.isBlank()).map(Path::of).forEach(candidates::add);
        try (Stream<Path> installed = Files.list(Path.of("/usr/lib/jvm"))) {
            installed.sorted((a, b) -> Integer.compare(majorVersion(b).orElse(0), majorVersion(a).orElse(0))).forEach(candidates::add);
        } catch (IOException noSuchDirectory) {
            // only the explicit candidates
        }
        return candidates.stream()
                .filter(home -> majorVersion(home).orElse(0) >= 21 && Files.isExecutable(home.resolve("bin/java")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK 21 or newer and none was found in "
                        + candidates + ": install one (e.g. Temurin 21+) and point KEYCLOAK_JAVA_HOME at it"));
    }

    /** The major version a JDK's {@code release} file names (JAVA_VERSION="25.0.1" -> 25). */
    private static Optional<Integer> majorVersion(Path home) {
        try (Stream<String> lines = Files.lines(home.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION=")).findFirst()
                    .map(line -> line.replaceAll("[^0-9.]", "").split("\\.")[0])
                    .filter(major -> !major.isEmpty()).map(Integer::parseInt);
        } catch (IOException | RuntimeException noJdk) {
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
