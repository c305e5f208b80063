package io.redismesh.gateway.ops;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.sse.EventStreamRequest;

/**
 * While draining, a new event-stream request ({@link EventStreamRequest}) is refused with 503
 * {@code draining} and {@code Retry-After}: the client reconnects through the mesh to another
 * instance. Runs before routing and authentication (the answer reveals nothing), so it holds for
 * every event-stream endpoint, present and future. Other calls are still served.
 */
public class DrainFilter {

    private final Drain drain;

    public DrainFilter(Drain drain) {
        this.drain = drain;
    }

    @ServerRequestFilter(preMatching = true, priority = RequestPipeline.DRAIN)
    public void refuseNewStreams(ContainerRequestContext request) {
        if (drain.draining() && EventStreamRequest.is(request.getMethod(), request.getUriInfo().getPath(),
                request.getHeaderString(HttpHeaders.ACCEPT))) {
            throw new ProblemException(ProblemType.DRAINING, "this instance is shutting down; reconnect to another",
                    Optional.of(ProblemException.BACKEND_RETRY_AFTER));
        }
    }
}
