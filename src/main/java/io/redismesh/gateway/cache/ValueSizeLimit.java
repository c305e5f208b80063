package io.redismesh.gateway.cache;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;

/**
 * The namespace's max-value-size, enforced from Content-Length before the body is read (request
 * filters run before the body is buffered), and on the buffered length for chunked bodies.
 */
public class ValueSizeLimit {

    private final NamespaceRegistry namespaces;

    public ValueSizeLimit(NamespaceRegistry namespaces) {
        this.namespaces = namespaces;
    }

    @ServerRequestFilter(priority = Priorities.USER)
    public void beforeBody(ContainerRequestContext request, UriInfo uri, SimpleResourceInfo resource) {
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && resource.getResourceClass() == ValueResource.class && resource.getMethodName().equals("put")) {
            try {
                namespaces.resolve(uri.getPathParameters().getFirst("ns")).requireValueSize(Long.parseLong(declared));
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length is not a number");
            }
        }
    }
}
