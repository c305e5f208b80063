package io.redismesh.gateway.namespace;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.redismesh.gateway.problem.ProblemException;

/** Resolves {@code {ns}} of a request to a declared {@link Namespace}, or answers 404. */
@ApplicationScoped
public class NamespaceRegistry {

    private final Map<String, Namespace> namespaces;

    public NamespaceRegistry(GatewayConfig config) {
        namespaces = config.namespaces().entrySet().stream()
                .peek(e -> {
                    if (!Names.isValidNamespace(e.getKey())) {
                        throw new IllegalArgumentException("gateway.namespaces: invalid namespace name '" + e.getKey() + "'");
                    }
                })
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> new Namespace(e.getKey(),
                                config.keyPrefix() + e.getValue().keyPrefix().orElse(e.getKey() + ":"), config.keyPrefix(),
                                e.getValue())));
        Log.infof("namespaces declared: %s", namespaces.keySet());
    }

    public Namespace resolve(String ns) {
        Namespace namespace = namespaces.get(ns);
        if (namespace == null) {
            throw ProblemException.namespaceNotFound(ns);
        }
        return namespace;
    }
}
