package io.redismesh.gateway.namespace;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.redismesh.gateway.namespace.GatewayConfig.NamespaceConfig;

/**
 * A declared namespace: its limits, its roles and how its names become Redis keys.
 */
public record Namespace(String name, String keyPrefix, NamespaceConfig config) {

    /** The Redis key of a user's name: gateway prefix + namespace prefix + name, as raw UTF-8 bytes. */
    public byte[] key(String name) {
        return (keyPrefix + Names.requireValid(name)).getBytes(StandardCharsets.UTF_8);
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
