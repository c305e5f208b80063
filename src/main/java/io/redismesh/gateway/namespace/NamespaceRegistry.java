package io.redismesh.gateway.namespace;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;

import io.quarkus.logging.Log;
import io.redismesh.gateway.problem.ProblemException;

/** Resolves {@code {ns}} of a request to a declared {@link Namespace}, or answers 404. */
@ApplicationScoped
public class NamespaceRegistry {

    /** The request property that holds the request's resolved namespace. */
    static final String REQUEST_PROPERTY = Namespace.class.getName();

    private final Map<String, Namespace> namespaces;

    public NamespaceRegistry(GatewayConfig config) {
        namespaces = config.namespaces().entrySet().stream()
                .peek(e -> {
                    if (!Names.isValidNamespace(e.getKey())) {
                        throw new IllegalArgumentException("gateway.namespaces: invalid namespace name '" + e.getKey() + "'");
                    }
                    StreamRetention.parse(e.getValue().streamRetention());
                    e.getValue().rateLimit().ifPresent(spec -> RateLimit.parse(e.getKey(), spec, e.getValue().rateLimitBurst()));
                })
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> new Namespace(e.getKey(),
                                config.keyPrefix() + e.getValue().keyPrefix().orElse(e.getKey() + ":"), config.keyPrefix(),
                                e.getValue())));
        Log.infof("namespaces declared: %s", namespaces.keySet());
    }

    /** The declared namespace {@code ns}, or null; for code outside Quarkus REST's request handling. */
    public Namespace find(String ns) {
        return namespaces.get(ns);
    }

    /**
     * The declared namespace {@code ns}, or 404. Resolved once per request: the first call (the
     * authorisation filter, security.AccessPolicy) keeps it on the request, and the later filters and
     * the resource get that one.
     */
    public Namespace resolve(String ns) {
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request != null && request.getProperty(REQUEST_PROPERTY) instanceof Namespace known && known.name().equals(ns)) {
            return known;
        }
        Namespace namespace = namespaces.get(ns);
        if (namespace == null) {
            throw ProblemException.namespaceNotFound(ns);
        }
        if (request != null) {
            request.setProperty(REQUEST_PROPERTY, namespace);
        }
        return namespace;
    }
}
