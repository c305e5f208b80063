package io.redismesh.gateway.lock;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.lock.LeaseDtos.LeaseEvent;
import io.redismesh.gateway.lock.LeaseStore.Renewal;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.sse.SseFrames;
import io.redismesh.gateway.sse.SseStream;
import io.redismesh.gateway.sse.SseStreams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/**
 * Stream-held leases as SSE, on the one transport ({@link SseStreams}: headers, heartbeat, cap,
 * back-pressure, drain): {@code event: renewed} while held, {@code event: lost} once, then the end;
 * {@code event: shutdown} when this instance drains (the lease lives on). No {@code retry:} advice:
 * a reconnect to the same lease only ever gets a 410 once the stream has ended it. An SSE response
 * commits its 200 before the first event, so the lease is renewed in a request filter first: an
 * unknown or lapsed lease is a 410, which also stops a browser's EventSource from reconnecting
 * forever, and that renewal is the stream's first event.
 */
public class LeaseEvents {

    private static final String FIRST_RENEWAL = LeaseEvents.class.getName() + ".firstRenewal";

    private final NamespaceRegistry namespaces;
    private final LeaseService leases;
    private final ObjectMapper json;
    private final SseStreams streams;
    private final byte[] shutdownFrame;

    public LeaseEvents(NamespaceRegistry namespaces, LeaseService leases, ObjectMapper json, SseStreams streams) {
        this.namespaces = namespaces;
        this.leases = leases;
        this.json = json;
        this.streams = streams;
        this.shutdownFrame = frame(new LeaseEvent("shutdown", null, null,
                "this gateway instance is shutting down; the lease stays held until its TTL: reconnect to hold it on"));
    }

    @ServerRequestFilter(priority = RequestPipeline.LIVE_LEASE)
    public Uni<Void> requireLiveLease(ContainerRequestContext request, UriInfo uri, ResourceInfo resource) {
        HeldByStream held = resource.getResourceMethod().getAnnotation(HeldByStream.class);
        if (held == null) {
            return Uni.createFrom().voidItem();
        }
        MultivaluedMap<String, String> path = uri.getPathParameters();
        return leases.renewLive(namespaces.resolve(path.getFirst("ns")), held.value(), path.getFirst("name"), path.getFirst("leaseId"))
                .invoke(renewal -> request.setProperty(FIRST_RENEWAL, renewal)).replaceWithVoid();
    }

    /** The stream of a lease the filter found live, starting from the filter's renewal; counted as kind {@code lock}. */
    Multi<byte[]> hold(Namespace namespace, LeaseKind kind, String name, String leaseId, ContainerRequestContext request,
            HttpServerResponse response) {
        SseStream stream = streams.open("lock", response, shutdownFrame);
        Multi<LeaseEvent> events = leases.hold(namespace, kind, name, leaseId, (Renewal) request.getProperty(FIRST_RENEWAL));
        // the stream's end (client gone, overflow, drain) cancels the hold, which releases the lease unless draining
        stream.onEnd(events.subscribe().with(event -> stream.send(frame(event)), failure -> stream.close(null),
                () -> stream.close(null))::cancel);
        return stream.body();
    }

    private byte[] frame(LeaseEvent event) {
        try {
            return SseFrames.event(event.event(), json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
