package io.redismesh.gateway.ops;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.sse.EventStreamRequest;

/**
 * While draining, a new event-stream request ({@link EventStreamRequest}) is refused with 503
 * {@code draining} and {@code Retry-After}: the client reconnects through the mesh to another
 * instance. Runs before routing and authentication (the answer reveals nothing), so it holds for
 * every event-stream endpoint, present and future. A stream request with a wildcard or no Accept
 * is refused after authentication, where {@code sse.SseStreams} would open it. Other calls are still served.
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
            throw Drain.refusal();
        }
    }
}
