package io.redismesh.gateway.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Validates deploy/ without a cluster: every YAML parses with the fields its kind needs, every
 * Kustomize reference exists, and ports, probe paths, the drain budget and the issuer agree with
 * the application's own configuration. Where kubectl (with its built-in kustomize) is on PATH, the
 * overlays are also rendered and the rendered objects checked; in CI ({@code CI} set) kubectl is required.
 */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Path BASE = DEPLOY.resolve("base");
    private static final Path ISTIO = DEPLOY.resolve("overlays/istio");
    private static final Set<String> KUSTOMIZE_KINDS = Set.of("Kustomization", "Component");
    private static final Properties APP = applicationProperties();

    @Test
    void everyManifestParsesWithApiVersionKindAndName() throws IOException {
        List<Path> files = yamlFiles();
        assertTrue(files.size() >= 20, "manifests found: " + files);
        for (Path file : files) {
            for (Map<String, Object> doc : documents(file)) {
                if (isHelmValues(file)) {
                    continue;
                }
                String where = file + ": ";
                assertNotNull(doc.get("apiVersion"), where + "apiVersion");
                String kind = (String) doc.get("kind");
                assertNotNull(kind, where + "kind");
                if (!KUSTOMIZE_KINDS.contains(kind)) {
                    assertNotNull(map(doc, "metadata").get("name"), where + "metadata.name");
                }
            }
        }
    }

    @Test
    void everyKustomizeReferenceExists() throws IOException {
        List<Path> kustomizations = yamlFiles().stream().filter(f -> f.getFileName().toString().equals("kustomization.yaml")).toList();
        assertTrue(kustomizations.size() >= 6, "kustomizations: " + kustomizations);
        for (Path kustomization : kustomizations) {
            Map<String, Object> doc = documents(kustomization).get(0);
            assertTrue(KUSTOMIZE_KINDS.contains(doc.get("kind")), kustomization + " kind");
            List<String> references = new ArrayList<>();
            references.addAll(strings(doc.get("resources")));
            references.addAll(strings(doc.get("components")));
            list(doc.get("patches")).stream().map(patch -> (String) map(patch).get("path")).filter(path -> path != null)
                    .forEach(references::add); // inline patches have no path
            assertFalse(references.isEmpty(), kustomization + " references nothing");
            for (String reference : references) {
                Path target = kustomization.getParent().resolve(reference).normalize();
                assertTrue(Files.exists(target), kustomization + " -> " + reference + " does not exist");
                if (Files.isDirectory(target)) {
                    assertTrue(Files.exists(target.resolve("kustomization.yaml")), target + " has no kustomization.yaml");
                }
            }
        }
    }

    @Test
    void probesAndPortsAgreeWithTheApplicationConfig() throws IOException {
        Map<String, Object> deployment = the("Deployment", BASE);
        Map<String, Object> pod = map(map(deployment, "spec"), "template");
        Map<String, Object> container = gateway(deployment);
        int httpPort = Integer.parseInt(APP.getProperty("quarkus.http.port", "8080"));
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertEquals("http", port.get("name"));
        assertEquals(httpPort, port.get("containerPort"));

        String root = APP.getProperty("quarkus.http.non-application-root-path", "q");
        String health = "/" + root + "/" + APP.getProperty("quarkus.smallrye-health.root-path", "health");
        assertProbe(container, "startupProbe", health + "/started");
        assertProbe(container, "livenessProbe", health + "/live");
        assertProbe(container, "readinessProbe", health + "/group/" + DrainReadiness.SERVING);
        Duration redisTimeout = duration(APP.getProperty("quarkus.redis.timeout"));
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Object timeout = map(container, probe).get("timeoutSeconds");
            assertTrue(timeout instanceof Integer seconds && seconds > redisTimeout.toSeconds(),
                    probe + " timeoutSeconds " + timeout + " must outlast the Redis timeout " + redisTimeout);
        }

        Map<String, Object> annotations = map(map(pod, "metadata"), "annotations");
        assertEquals("/" + root + "/metrics", annotations.get("prometheus.io/path"));
        assertEquals(String.valueOf(httpPort), annotations.get("prometheus.io/port"));

        Map<String, Object> service = the("Service", BASE);
        Map<String, Object> servicePort = map(list(map(service, "spec").get("ports")).get(0));
        assertEquals("http", servicePort.get("targetPort"), "the Service targets the container's named port");
    }

    @Test
    void deploymentIsHardenedSizedAndTakesItsConfigFromTheBase() throws IOException {
        Map<String, Object> deployment = the("Deployment", BASE);
        Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
        Map<String, Object> container = gateway(deployment);

        assertEquals(true, map(podSpec, "securityContext").get("runAsNonRoot"));
        Map<String, Object> security = map(container, "securityContext");
        assertEquals(true, security.get("readOnlyRootFilesystem"));
        assertEquals(false, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"));
        assertNotNull(map(map(container, "resources"), "requests").get("cpu"));
        assertNotNull(map(map(container, "resources"), "requests").get("memory"));
        assertNotNull(map(map(container, "resources"), "limits").get("memory"));

        assertEquals(name(the("ServiceAccount", BASE)), podSpec.get("serviceAccountName"));
        String configMap = (String) map(map(list(container.get("envFrom")).get(0)), "configMapRef").get("name");
        assertEquals(name(the("ConfigMap", BASE)), configMap);
        Map<String, Object> password = list(container.get("env")).stream().map(DeployManifestsTest::map)
                .filter(env -> env.get("name").equals("QUARKUS_REDIS_PASSWORD")).findFirst().orElseThrow();
        assertNotNull(map(map(password, "valueFrom"), "secretKeyRef").get("name"), "Redis password from a Secret");

        Map<String, Object> hpa = the("HorizontalPodAutoscaler", BASE);
        assertEquals(name(deployment), map(map(hpa, "spec"), "scaleTargetRef").get("name"));
        assertFalse(map(deployment, "spec").containsKey("replicas"), "the HPA owns the replica count; a fixed one resets it on every apply");
        assertTrue((Integer) map(hpa, "spec").get("minReplicas") >= 2, "at least two replicas, so a drain never empties the service");
        Map<String, Object> pdb = the("PodDisruptionBudget", BASE);
        assertEquals(podLabels(deployment).get("app.kubernetes.io/name"),
                map(map(map(pdb, "spec"), "selector"), "matchLabels").get("app.kubernetes.io/name"));
    }

    @Test
    void memoryLimitFitsTheOpenStreamsAllowed() throws IOException {
        Map<String, Object> container = gateway(the("Deployment", BASE));
        long limit = mebibytes((String) map(map(container, "resources"), "limits").get("memory"));
        int streams = Integer.parseInt((String) map(the("ConfigMap", BASE), "data").get("GATEWAY_SSE_MAX_CONNECTIONS"));
        // bench/results.md: about 150 MiB idle and 32 KiB per open stream; 128 MiB for request load
        long needed = 150 + streams * 32L / 1024 + 128;
        assertTrue(limit >= needed, "memory limit " + limit + " MiB for " + streams + " streams needs " + needed + " MiB");
    }

    @Test
    void nativeImageRunsWithoutAShell() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile.native"));
        int runtime = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("FROM ")) {
                runtime = i;
            }
        }
        List<String> stage = lines.subList(runtime, lines.size());
        assertTrue(stage.get(0).contains("quarkus-micro-image"), stage.get(0));
        assertTrue(stage.stream().noneMatch(line -> line.startsWith("RUN ")), "RUN needs a shell in the micro image: " + stage);
        assertTrue(stage.stream().filter(line -> line.startsWith("ENTRYPOINT ")).allMatch(line -> line.startsWith("ENTRYPOINT [")),
                "exec-form ENTRYPOINT, no shell");
    }

    @Test
    void exampleOverlaySetsImageIssuerRedisAndNamespacesConsistently() throws Exception {
        assumeKubectl();
        List<Map<String, Object>> objects = render(DEPLOY.resolve("overlays/example"));
        Map<String, Object> container = gateway(rendered(objects, "Deployment"));
        assertFalse(((String) container.get("image")).startsWith("redis-mesh-gateway:"), "the example sets its own image: " + container.get("image"));
        Map<String, Object> configMap = rendered(objects, "ConfigMap");
        assertEquals(name(configMap), map(map(list(container.get("envFrom")).get(0)), "configMapRef").get("name"));
        Map<String, Object> data = map(configMap, "data");
        String issuer = (String) data.get("QUARKUS_OIDC_AUTH_SERVER_URL");
        assertFalse(issuer.equals(map(the("ConfigMap", BASE), "data").get("QUARKUS_OIDC_AUTH_SERVER_URL")), "the example sets its issuer");
        assertNotNull(data.get("GATEWAY_SSE_MAX_CONNECTIONS"), "merge keeps the base's keys");
        assertTrue(data.keySet().stream().anyMatch(k -> k.startsWith("GATEWAY_NAMESPACES__") && !k.contains("__ORDERS__")));
        Map<String, Object> rule = map(list(map(rendered(objects, "RequestAuthentication"), "spec").get("jwtRules")).get(0));
        assertEquals(issuer, rule.get("issuer"), "Envoy trusts the gateway's issuer");
        assertTrue(((String) rule.get("jwksUri")).startsWith(issuer + "/"));
        assertTrue(rendered(objects, "AuthorizationPolicy").toString().contains("requestPrincipals=[" + issuer + "/*]"));
    }

    @Test
    void authorizationPolicyAdmitsTheUrlsTheReadmeGives() throws IOException {
        List<Map<String, Object>> open = list(map(the("AuthorizationPolicy", ISTIO), "spec").get("rules")).stream()
                .map(DeployManifestsTest::map).filter(rule -> !rule.containsKey("from")).toList();
        List<String> paths = open.stream().flatMap(rule -> list(rule.get("to")).stream())
                .flatMap(to -> strings(map(map(to), "operation").get("paths")).stream()).toList();
        Matcher urls = Pattern.compile("localhost:8080(/q/(?:swagger-ui|openapi|health)[^\\s`>)]*)").matcher(Files.readString(Path.of("README.md")));
        int found = 0;
        while (urls.find()) {
            String url = urls.group(1);
            found++;
            assertTrue(paths.stream().anyMatch(p -> p.endsWith("*") ? url.startsWith(p.substring(0, p.length() - 1)) : url.equals(p)),
                    "README gives " + url + " but the AuthorizationPolicy admits only " + paths);
        }
        assertTrue(found > 0, "the README names its Swagger UI URL");
    }

    @Test
    void drainFitsInTheGracePeriod() throws IOException {
        Map<String, Object> podSpec = map(map(map(the("Deployment", BASE), "spec"), "template"), "spec");
        assertEquals("true", APP.getProperty("quarkus.shutdown.delay-enabled"));
        Duration delay = duration(APP.getProperty("quarkus.shutdown.delay"));
        Duration timeout = duration(APP.getProperty("quarkus.shutdown.timeout"));
        int grace = (Integer) podSpec.get("terminationGracePeriodSeconds");
        assertTrue(delay.plus(timeout).toSeconds() < grace,
                "shutdown delay " + delay + " + timeout " + timeout + " must end before the kubelet's SIGKILL at " + grace + " s");
    }

    @Test
    void istioOverlayTrustsTheGatewaysIssuerAndLeavesEventStreamsAlone() throws IOException {
        Map<String, Object> config = map(the("ConfigMap", BASE), "data");
        String issuer = (String) config.get("QUARKUS_OIDC_AUTH_SERVER_URL");
        String audience = (String) config.get("GATEWAY_AUDIENCE");
        assertEquals(APP.getProperty("%prod.quarkus.oidc.token.audience"), "${GATEWAY_AUDIENCE:" + audience + "}");

        assertEquals("STRICT", map(map(the("PeerAuthentication", ISTIO), "spec"), "mtls").get("mode"));

        Map<String, Object> rule = map(list(map(the("RequestAuthentication", ISTIO), "spec").get("jwtRules")).get(0));
        assertEquals(issuer, rule.get("issuer"));
        assertTrue(((String) rule.get("jwksUri")).startsWith(issuer + "/"));
        assertEquals(List.of(audience), rule.get("audiences"));
        assertEquals(true, rule.get("forwardOriginalToken"), "the gateway checks the token again for roles");

        Map<String, Object> policy = map(the("AuthorizationPolicy", ISTIO), "spec");
        assertEquals("ALLOW", policy.get("action"));
        Map<String, Object> v1 = list(policy.get("rules")).stream().map(DeployManifestsTest::map)
                .filter(r -> r.toString().contains("/v1/*")).findFirst().orElseThrow();
        assertEquals(List.of(issuer + "/*"), map(map(list(v1.get("from")).get(0)), "source").get("requestPrincipals"));

        Map<String, Object> outlier = map(map(map(the("DestinationRule", ISTIO), "spec"), "trafficPolicy"), "outlierDetection");
        assertNotNull(outlier.get("baseEjectionTime"));
        assertEquals(0, outlier.get("consecutive5xxErrors"), "a Redis outage (503 everywhere) must not eject every replica");

        String service = name(the("Service", BASE));
        Object servicePort = map(list(map(the("Service", BASE), "spec").get("ports")).get(0)).get("port");
        Map<String, Object> virtualService = map(the("VirtualService", ISTIO), "spec");
        assertEquals(List.of(service), virtualService.get("hosts"));
        List<Map<String, Object>> routes = list(virtualService.get("http")).stream().map(DeployManifestsTest::map).toList();
        for (Map<String, Object> route : routes) {
            Map<String, Object> destination = map(map(list(route.get("route")).get(0)), "destination");
            assertEquals(service, destination.get("host"));
            assertEquals(servicePort, map(destination, "port").get("number"));
        }
        Map<String, Object> streams = routes.get(0);
        assertTrue(streams.toString().contains("text/event-stream"), "the first route catches event streams: " + streams);
        assertEquals("0s", streams.get("timeout"), "no route timeout on event streams");
        assertEquals(0, map(streams, "retries").get("attempts"));
        for (String path : List.of("/v1/namespaces/demo/channels/news/events", "/v1/namespaces/demo/streams/orders/events",
                "/v1/namespaces/demo/locks/job/leases/l-1/events")) {
            assertTrue(matchesAnyUriRegex(streams, path), "the stream route matches " + path);
        }
        assertFalse(matchesAnyUriRegex(streams, "/v1/namespaces/demo/keys/events-log"), "a key named like a feed is a plain call");
        Duration longestWait = Duration.ofSeconds(30); // GatewayConfig's default max-wait
        for (String longPoll : List.of("/v1/namespaces/demo/lists/jobs/items:pop", "/v1/namespaces/demo/locks/job/leases",
                "/v1/namespaces/demo/semaphores/pool/leases", "/v1/namespaces/demo/streams/orders/groups/billing/claims")) {
            Map<String, Object> route = routes.stream().filter(r -> !r.containsKey("match") || matchesAnyUriRegex(r, longPoll))
                    .findFirst().orElseThrow();
            assertTrue(duration((String) route.get("timeout")).compareTo(longestWait) > 0, longPoll + " outlasts max-wait: " + route.get("name"));
        }
    }

    @Test
    void renderedOverlaysSelectTheirPods() throws Exception {
        assumeKubectl();
        for (Path overlay : List.of(BASE, ISTIO, DEPLOY.resolve("overlays/linkerd"), DEPLOY.resolve("overlays/istio-sentinel"),
                DEPLOY.resolve("overlays/example"))) {
            List<Map<String, Object>> objects = render(overlay);
            Map<String, Object> deployment = objects.stream().filter(o -> "Deployment".equals(o.get("kind"))).findFirst().orElseThrow();
            Map<String, Object> labels = podLabels(deployment);
            for (Map<String, Object> object : objects) {
                Map<String, Object> selector = switch ((String) object.get("kind")) {
                    case "Service" -> map(map(object, "spec"), "selector");
                    case "Deployment", "PodDisruptionBudget" -> map(map(map(object, "spec"), "selector"), "matchLabels");
                    case "PeerAuthentication", "RequestAuthentication", "AuthorizationPolicy" ->
                        map(map(map(object, "spec"), "selector"), "matchLabels");
                    default -> Map.of();
                };
                assertTrue(labels.entrySet().containsAll(selector.entrySet()),
                        overlay + ": " + object.get("kind") + " selects " + selector + ", pods carry " + labels);
            }
        }
    }

    @Test
    void grafanaDashboardQueriesTheGatewaysMeters() throws IOException {
        Set<String> meters = Set.of("http_server_requests_seconds", "redis_commands_duration_seconds", "redis_commands_success_total",
                "redis_commands_failure_total", "gateway_problems_total", "gateway_sse_streams", "gateway_pubsub_fanout_total",
                "gateway_pubsub_dropped_total", "gateway_lock_acquisitions_total", "gateway_lock_wait_seconds", "up");
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/redis-mesh-gateway.json").toFile());
        assertEquals("redis-mesh-gateway", dashboard.get("uid").asText());
        Pattern metric = Pattern.compile("([a-z_]+)\\{");
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            assertTrue(panel.get("targets").size() > 0, panel.get("title").asText());
            for (JsonNode target : panel.get("targets")) {
                Matcher m = metric.matcher(target.get("expr").asText());
                assertTrue(m.find(), target.toString());
                do {
                    String name = m.group(1).replaceAll("_(bucket|count|sum)$", "");
                    assertTrue(meters.contains(name), "unknown meter " + name + " in " + panel.get("title"));
                    queries++;
                } while (m.find());
            }
        }
        assertTrue(queries >= 10);
    }

    // --- helpers --------------------------------------------------------------------------

    private static void assumeKubectl() {
        // CI must render the overlays: there a missing kubectl fails, elsewhere it skips
        if (System.getenv("CI") != null) {
            assertTrue(onPath("kubectl"), "CI is set but kubectl (with kustomize) is not on PATH: install it (see .ci/run)");
        }
        assumeTrue(onPath("kubectl"), "kubectl (with kustomize) is not on PATH");
    }

    private static Map<String, Object> rendered(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static long mebibytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
        assertTrue(m.matches(), "memory quantity " + quantity);
        return Long.parseLong(m.group(1)) * (m.group(2).equals("Gi") ? 1024 : 1);
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path) {
        Map<String, Object> get = map(map(container, probe), "httpGet");
        assertEquals(path, get.get("path"), probe);
        assertEquals("http", get.get("port"), probe + " uses the named port");
    }

    private static boolean matchesAnyUriRegex(Map<String, Object> route, String path) {
        return list(route.get("match")).stream().map(DeployManifestsTest::map)
                .filter(match -> match.containsKey("uri"))
                .map(match -> (String) map(match, "uri").get("regex"))
                .anyMatch(regex -> regex != null && Pattern.compile(regex).matcher(path).matches());
    }

    /** Istio/Quarkus durations: 5s, 30s, 500ms, PT30S. */
    private static Duration duration(String text) {
        if (text.startsWith("P")) {
            return Duration.parse(text);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m)").matcher(text);
        assertTrue(m.matches(), "duration " + text);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    private static Map<String, Object> gateway(Map<String, Object> deployment) {
        return list(map(map(map(deployment, "spec"), "template"), "spec").get("containers")).stream().map(DeployManifestsTest::map)
                .filter(c -> c.get("name").equals("gateway")).findFirst().orElseThrow();
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        Map<String, Object> metadata = map(map(map(deployment, "spec"), "template"), "metadata");
        return metadata.containsKey("labels") ? map(metadata, "labels")
                : Map.of("app.kubernetes.io/name", "redis-mesh-gateway"); // the base's Kustomize label
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object, "metadata").get("name");
    }

    /** The one object of this kind in a directory's files (not rendered). */
    private static Map<String, Object> the(String kind, Path dir) throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents(file).stream().filter(doc -> kind.equals(doc.get("kind"))).forEach(found::add);
            }
        }
        assertEquals(1, found.size(), kind + " in " + dir);
        return found.get(0);
    }

    private static List<Map<String, Object>> render(Path overlay) throws Exception {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Map<String, Object>> objects = new ArrayList<>();
        try (InputStream out = kubectl.getInputStream()) {
            for (Object doc : new Yaml().loadAll(out)) {
                objects.add(map(doc));
            }
        }
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            fail("kubectl kustomize " + overlay + " failed");
        }
        return objects;
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }

    private static boolean isHelmValues(Path file) {
        return file.getFileName().toString().endsWith("-values.yaml");
    }

    private static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object doc : new Yaml().loadAll(reader)) {
                assertNotNull(doc, file + " has an empty document");
                docs.add(map(doc));
            }
        }
        assertFalse(docs.isEmpty(), file + " is empty");
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "expected a mapping, got " + value);
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, "missing '" + key + "' in " + parent.keySet());
        return map(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        assertTrue(value instanceof List, "expected a list, got " + value);
        return (List<Object>) value;
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String.class::cast).toList();
    }

    private static Properties applicationProperties() {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }
}
