package io.redismesh.gateway.namespace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.redismesh.gateway.namespace.GatewayConfig.NamespaceConfig;
import io.redismesh.gateway.problem.ProblemException;

/**
 * A declared namespace: its limits, its roles and how its names become Redis keys.
 */
public record Namespace(String name, String keyPrefix, NamespaceConfig config) {

    public static final int MAX_PATTERN_STARS = 8;

    /** The Redis key of a user's name: gateway prefix + namespace prefix + name, as raw UTF-8 bytes. */
    public byte[] key(String name) {
        return (keyPrefix + Names.requireValid(name)).getBytes(StandardCharsets.UTF_8);
    }

    /** A SCAN MATCH pattern for the names starting with {@code prefix}: glob characters are data, escaped. */
    public byte[] keyPattern(String prefix) {
        return (literal(keyPrefix + prefix) + '*').getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A channel pattern confined to this namespace: the namespace's prefix, escaped so that Redis
     * matches it literally, then the caller's glob, which can only ever match what follows the
     * prefix. The glob must be well formed (no unclosed {@code [}, no dangling {@code \\}) and hold
     * at most {@value #MAX_PATTERN_STARS} {@code *}, which keeps Redis's matching cheap.
     */
    public String channelPattern(String glob) {
        Names.requireValid(glob);
        int stars = 0;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                if (++i == glob.length()) {
                    throw ProblemException.badRequest("a pattern must not end with an unescaped backslash");
                }
            } else if (c == '[') {
                int close = glob.indexOf(']', i + 1);
                if (close < 0) {
                    throw ProblemException.badRequest("a pattern's [ must be closed by ]");
                }
                i = close;
            } else if (c == '*' && ++stars > MAX_PATTERN_STARS) {
                throw ProblemException.badRequest("a pattern holds at most " + MAX_PATTERN_STARS + " '*'");
            }
        }
        return literal(keyPrefix) + glob;
    }

    /** Glob characters escaped: Redis matches the text literally. */
    private static String literal(String text) {
        StringBuilder pattern = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
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

    public Duration maxTtl() {
        return config.maxTtl();
    }

    public Duration maxWait() {
        return config.maxWait();
    }

    public Optional<Duration> defaultTtl() {
        return config.defaultTtl();
    }

    public List<String> rolesFor(Action action) {
        GatewayConfig.Roles roles = config.roles();
        Optional<List<String>> granted = switch (action) {
            case READ -> roles.read();
            case WRITE -> roles.write();
            case LOCK -> roles.lock();
            case PUBLISH -> roles.publish();
            case SUBSCRIBE -> roles.subscribe();
        };
        return granted.orElse(List.of());
    }
}
