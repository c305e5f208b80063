package io.redismesh.gateway.namespace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.redismesh.gateway.namespace.GatewayConfig.NamespaceConfig;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;

/**
 * A declared namespace: its limits, its roles and how its names become Redis keys.
 */
public record Namespace(String name, String keyPrefix, String gatewayPrefix, NamespaceConfig config) {

    public static final int MAX_PATTERN_STARS = 8;
    /** The most items any page of a collection read holds, whatever a namespace configures. */
    public static final int MAX_PAGE_ITEMS = 1000;
    /** What a stream's name ends with to name its dead-letter stream. */
    public static final String DEAD_LETTER = ".dead-letter";

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

    /**
     * A stream's key: {@code <prefix>{<root>}<suffix>}, where the root is the name without its trailing
     * {@value #DEAD_LETTER}s and the suffix is those. A stream, its dead-letter stream and that one's
     * share the hash tag {@code {<root>}}, so the script that moves an entry to the dead letters runs on
     * one Cluster slot; the dead-letter stream is read like any other, by its name. A root starting with
     * {@code }} would make the tag empty (Redis then hashes the whole key): such names are refused.
     */
    public byte[] streamKey(String name) {
        Names.requireValid(name);
        String root = name;
        while (root.length() > DEAD_LETTER.length() && root.endsWith(DEAD_LETTER)) {
            root = root.substring(0, root.length() - DEAD_LETTER.length());
        }
        if (root.startsWith("}")) {
            throw ProblemException.invalidName("a stream name must not start with '}' (it would break the stream's Redis Cluster hash tag)");
        }
        return (keyPrefix + "{" + root + "}" + name.substring(root.length())).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The stream name of a key name after the namespace prefix, the inverse of {@link #streamKey}:
     * {@code {orders}.dead-letter} is {@code orders.dead-letter}. A name of another shape is its own.
     */
    public static String streamName(String keyName) {
        String suffix = "";
        String rest = keyName;
        while (rest.endsWith(DEAD_LETTER)) {
            suffix += DEAD_LETTER;
            rest = rest.substring(0, rest.length() - DEAD_LETTER.length());
        }
        if (rest.length() > 2 && rest.startsWith("{") && rest.endsWith("}")) {
            return rest.substring(1, rest.length() - 1) + suffix;
        }
        return keyName;
    }

    /** The key of the stream {@code <name>.dead-letter} (see {@link #streamKey}), also for a name at the length limit. */
    public byte[] deadLetterKey(String name) {
        byte[] stream = streamKey(name);
        byte[] suffix = DEAD_LETTER.getBytes(StandardCharsets.UTF_8);
        byte[] key = Arrays.copyOf(stream, stream.length + suffix.length);
        System.arraycopy(suffix, 0, key, stream.length, suffix.length);
        return key;
    }

    public StreamRetention streamRetention() {
        return StreamRetention.parse(config.streamRetention());
    }

    public int maxDeliveries() {
        return config.maxDeliveries();
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

    /** A value (or message) of {@code length} bytes: at most max-value-size, else 413 value-too-large. */
    public void requireValueSize(long length) {
        if (length > maxValueBytes()) {
            throw new ProblemException(ProblemType.VALUE_TOO_LARGE,
                    "the value has " + length + " bytes; namespace '" + name + "' accepts at most " + maxValueBytes());
        }
    }

    public long maxValueBytes() {
        return config.maxValueSize().asLongValue();
    }

    /** The most items of one page of a collection read: max-page-items, never above {@value #MAX_PAGE_ITEMS}. */
    public int maxPageItems() {
        return Math.min(config.maxPageItems(), MAX_PAGE_ITEMS);
    }

    /** The most bytes (as stored in Redis) of one page of a collection read: max-page-bytes. */
    public long maxPageBytes() {
        return config.maxPageBytes().asLongValue();
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

    /** Whether calls in this namespace are rate-limited (gateway.namespaces.<ns>.rate-limit). */
    public boolean rateLimited() {
        return config.rateLimit().isPresent();
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
