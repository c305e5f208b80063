package io.redismesh.gateway.security;

import java.util.List;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The single authorisation point of {@code /v1}: every call needs a valid bearer token (401), a
 * declared namespace (404) and one of the roles the namespace grants for the call's action (403).
 * Default deny: an action without configured roles is allowed to nobody.
 */
public class AccessPolicy {

    private final CurrentIdentityAssociation identities;
    private final NamespaceRegistry namespaces;

    public AccessPolicy(CurrentIdentityAssociation identities, NamespaceRegistry namespaces) {
        this.identities = identities;
        this.namespaces = namespaces;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Void> authorise(ContainerRequestContext request, UriInfo uri) {
        if (!uri.getPath().startsWith("/v1/")) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().invoke(identity -> check(identity, request.getMethod(), uri)).replaceWithVoid();
    }

    private void check(SecurityIdentity identity, String method, UriInfo uri) {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        Namespace namespace = namespaces.resolve(uri.getPathParameters().getFirst("ns"));
        Action action = Operations.actionOf(method, uri.getPathSegments().stream().map(s -> s.getPath()).toList());
        List<String> granted = namespace.rolesFor(action);
        if (granted.stream().noneMatch(identity::hasRole)) {
            throw ProblemException.forbidden("the token has no role that may " + action.name().toLowerCase()
                    + " in namespace '" + namespace.name() + "'");
        }
    }
}
