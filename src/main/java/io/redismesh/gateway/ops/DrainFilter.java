package io.redismesh.gateway.ops;

import java.util.Optional;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;

/**
 * While draining, a new {@code text/event-stream} GET under {@code /v1} is refused with 503
 * {@code draining} and {@code Retry-After}: the client reconnects through the mesh to another
 * instance. Runs before routing and authentication (the answer reveals nothing), so it holds for
 * every event-stream endpoint, present and future. Other calls are still served.
 */
public class DrainFilter {

    private final Drain drain;

    public DrainFilter(Drain drain) {
        this.drain = drain;
    }

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public void refuseNewStreams(ContainerRequestContext request) {
        if (drain.draining() && request.getMethod().equals(HttpMethod.GET)
                && request.getUriInfo().getPath().startsWith("/v1/")
                && request.getAcceptableMediaTypes().stream().anyMatch(DrainFilter::isEventStream)) {
            throw new ProblemException(ProblemType.DRAINING, "this instance is shutting down; reconnect to another",
                    Optional.of(ProblemException.BACKEND_RETRY_AFTER));
        }
    }

    /** Named explicitly, as EventSource does: a wildcard Accept is not a stream request. */
    private static boolean isEventStream(MediaType accepted) {
        return accepted.getType().equals("text") && accepted.getSubtype().equals("event-stream");
    }
}
