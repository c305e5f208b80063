package io.redismesh.gateway.namespace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.redismesh.gateway.namespace.GatewayConfig.NamespaceConfig;
import io.redismesh.gateway.problem.ProblemException;

/**
 * A declared namespace: its limits, its roles and how its names become Redis keys.
 */
public record Namespace(String name, String keyPrefix, String gatewayPrefix, NamespaceConfig config) {

    /** The Redis key of a user's name: gateway prefix + namespace prefix + name, as raw UTF-8 bytes. */
    public byte[] key(String name) {
        return (keyPrefix + Names.requireValid(name)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A key of the gateway's own state for a named thing (a lock's lease set, its fencing counter...):
     * {@code <gateway prefix>~<kind>:<ns>:{<name>}:<part>}. It lies outside the namespace's key prefix,
     * so cache calls can neither list nor overwrite it, and all parts of one thing share the hash tag
     * {@code {<name>}} (one Cluster slot) so that one script may touch them together.
     */
    public byte[] ownKey(String kind, String name, String part) {
        return (gatewayPrefix + "~" + kind + ":" + this.name + ":{" + Names.requireValid(name) + "}:" + part)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A SCAN MATCH pattern for the names starting with {@code prefix}: glob characters are data, escaped. */
    public byte[] keyPattern(String prefix) {
        String literal = keyPrefix + prefix;
        StringBuilder pattern = new StringBuilder(literal.length() + 8);
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('*').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The user's name of one of this namespace's Redis keys. */
    public String nameOf(byte[] redisKey) {
        int prefixBytes = keyPrefix.getBytes(StandardCharsets.UTF_8).length;
        return new String(redisKey, prefixBytes, redisKey.length - prefixBytes, StandardCharsets.UTF_8);
    }

    /** Whether values are text (batch calls carry them as JSON strings) rather than bytes (base64). */
    public boolean textual() {
        String type = contentType().toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("text/") || type.startsWith("application/json") || type.contains("+json")
                || type.startsWith("application/xml") || type.contains("+xml");
    }

    public String contentType() {
        return config.contentType();
    }

    public long maxValueBytes() {
        return config.maxValueSize().asLongValue();
    }

    /** A TTL asked for by a caller (a value's, a lease's): positive and at most max-ttl, else 400. */
    public Duration requireTtl(Duration ttl) {
        if (ttl.toMillis() <= 0) {
            throw ProblemException.badRequest("ttl must be positive");
        }
        if (ttl.compareTo(config.maxTtl()) > 0) {
            throw ProblemException.badRequest("ttl must not exceed the namespace's max-ttl of " + config.maxTtl());
        }
        return ttl;
    }

    /** How long a caller asks to wait (a list pop, a lease): 0..max-wait, else 400. */
    public Duration requireWait(Duration wait) {
        if (wait.isNegative() || wait.compareTo(config.maxWait()) > 0) {
            throw ProblemException.badRequest("waitMillis must be between 0 and the namespace's max-wait of " + config.maxWait().toMillis());
        }
        return wait;
    }

    public Optional<Duration> defaultTtl() {
        return config.defaultTtl();
    }

    public List<String> rolesFor(Action action) {
        return perAction(config.roles(), action);
    }

    /** The SPIFFE IDs of mesh workloads allowed to do {@code action} without a token. */
    public List<String> meshPrincipalsFor(Action action) {
        return perAction(config.meshPrincipals(), action);
    }

    /** Whether this namespace accepts mesh workload identities at all (for some action). */
    public boolean acceptsMeshPrincipals() {
        return Arrays.stream(Action.values()).anyMatch(action -> !meshPrincipalsFor(action).isEmpty());
    }

    private static List<String> perAction(GatewayConfig.Roles lists, Action action) {
        Optional<List<String>> granted = switch (action) {
            case READ -> lists.read();
            case WRITE -> lists.write();
            case LOCK -> lists.lock();
            case PUBLISH -> lists.publish();
            case SUBSCRIBE -> lists.subscribe();
        };
        return granted.orElse(List.of());
    }
}
