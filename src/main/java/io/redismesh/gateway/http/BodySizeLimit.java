package io.redismesh.gateway.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;

/**
 * The namespace's max-value-size for {@link RawBody} endpoints, enforced from Content-Length before
 * the body is read (request filters run before the body is buffered); the resource checks the
 * buffered length again for chunked bodies. After authorisation: a caller without the action's
 * role learns nothing about the namespace's limits.
 */
public class BodySizeLimit {

    private final NamespaceRegistry namespaces;

    public BodySizeLimit(NamespaceRegistry namespaces) {
        this.namespaces = namespaces;
    }

    @ServerRequestFilter(priority = RequestPipeline.BODY_SIZE)
    public void beforeBody(ContainerRequestContext request, UriInfo uri, ResourceInfo resource) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && resource.getResourceMethod().isAnnotationPresent(RawBody.class)) {
            long length;
            try {
                length = Long.parseLong(declared);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length is not a number");
            }
            namespaces.resolve(uri.getPathParameters().getFirst("ns")).requireValueSize(length);
        }
    }
}
