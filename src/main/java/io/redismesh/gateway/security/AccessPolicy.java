package io.redismesh.gateway.security;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The single authorisation point of {@code /v1}: every call needs a valid bearer token (401), a
 * declared namespace (404) and one of the roles the namespace grants for the call's action (403).
 * Default deny: an action without configured roles is allowed to nobody. With mesh identity on, a
 * call without a token may instead come from a mesh workload that the namespace lists for the action.
 */
public class AccessPolicy {

    private final CurrentIdentityAssociation identities;
    private final NamespaceRegistry namespaces;
    private final MeshIdentity mesh;

    public AccessPolicy(CurrentIdentityAssociation identities, NamespaceRegistry namespaces, MeshIdentity mesh) {
        this.identities = identities;
        this.namespaces = namespaces;
        this.mesh = mesh;
    }

    @ServerRequestFilter(priority = RequestPipeline.AUTHORISE)
    public Uni<Void> authorise(ContainerRequestContext request, UriInfo uri, ResourceInfo resource, HttpServerRequest http) {
        if (!uri.getPath().startsWith("/v1/")) {
            return Uni.createFrom().voidItem();
        }
        Names.requireUtf8(http.path());
        // The action comes from the matched route's template, not the decoded path: a %2F inside a
        // name (de%2Fmo) would shift the decoded segments.
        String template = Operations.templateOf(resource);
        Access access = new Access(null, uri.getPathParameters().getFirst("ns"),
                Operations.actionOf(request.getMethod(), List.of(template.substring(1).split("/"))), template);
        request.setProperty(Access.PROPERTY, access);
        return identities.getDeferredIdentity().invoke(identity -> check(identity, request, access)).replaceWithVoid();
    }

    private void check(SecurityIdentity identity, ContainerRequestContext request, Access access) {
        if (identity.isAnonymous()) {
            checkWorkload(request, access);
            return;
        }
        request.setProperty(Access.PROPERTY, access.as(identity.getPrincipal().getName()));
        Namespace namespace = namespaces.resolve(access.namespace());
        List<String> granted = namespace.rolesFor(access.action());
        if (granted.stream().noneMatch(identity::hasRole)) {
            throw forbidden("the token has no role that may", access, namespace);
        }
    }

    /** No token: only a trusted mesh workload, in a namespace that accepts workloads, may go on. */
    private void checkWorkload(ContainerRequestContext request, Access access) {
        String workload = mesh.workloadOf(request.getHeaderString(MeshIdentity.HEADER)).orElseThrow(UnauthorizedException::new);
        Namespace namespace = namespaces.resolve(access.namespace());
        if (!namespace.acceptsMeshPrincipals()) {
            throw new UnauthorizedException();
        }
        request.setProperty(Access.PROPERTY, access.as(workload));
        if (!namespace.meshPrincipalsFor(access.action()).contains(workload)) {
            throw forbidden("the mesh workload may not", access, namespace);
        }
    }

    private static ProblemException forbidden(String who, Access access, Namespace namespace) {
        return ProblemException.forbidden(who + " " + access.action().name().toLowerCase() + " in namespace '" + namespace.name() + "'");
    }
}
