package io.redismesh.gateway.lock;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.lock.LeaseDtos.LeaseEvent;
import io.redismesh.gateway.lock.LeaseStore.Renewal;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.ops.Drain;
import io.redismesh.gateway.pubsub.SseConfig;
import io.redismesh.gateway.pubsub.SseStreams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Stream-held leases as SSE: {@code event: renewed} while held, {@code event: lost} once, then the
 * end; {@code event: shutdown} when this instance drains (the lease lives on). An SSE response
 * commits its 200 before the first event, so the lease is renewed in a request filter first: an
 * unknown or lapsed lease is a 410, which also stops a browser's EventSource from reconnecting
 * forever, and that renewal is the stream's first event.
 */
public class LeaseEvents {

    private static final String FIRST_RENEWAL = LeaseEvents.class.getName() + ".firstRenewal";

    private final NamespaceRegistry namespaces;
    private final LeaseService leases;
    private final ObjectMapper json;
    private final Drain drain;
    private final SseStreams streams;
    private final SseConfig sseConfig;

    public LeaseEvents(NamespaceRegistry namespaces, LeaseService leases, ObjectMapper json, Drain drain, SseStreams streams,
            SseConfig sseConfig) {
        this.namespaces = namespaces;
        this.leases = leases;
        this.json = json;
        this.drain = drain;
        this.streams = streams;
        this.sseConfig = sseConfig;
    }

    /** After authorisation (a caller without the lock role learns nothing about leases). */
    @ServerRequestFilter(priority = Priorities.USER)
    public Uni<Void> requireLiveLease(ContainerRequestContext request, UriInfo uri, ResourceInfo resource) {
        HeldByStream held = resource.getResourceMethod().getAnnotation(HeldByStream.class);
        if (held == null) {
            return Uni.createFrom().voidItem();
        }
        MultivaluedMap<String, String> path = uri.getPathParameters();
        return leases.renewLive(namespaces.resolve(path.getFirst("ns")), held.value(), path.getFirst("name"), path.getFirst("leaseId"))
                .invoke(renewal -> request.setProperty(FIRST_RENEWAL, renewal)).replaceWithVoid();
    }

    /** The stream of a lease the filter found live, starting from the filter's renewal. */
    Multi<OutboundSseEvent> hold(Namespace namespace, LeaseKind kind, String name, String leaseId, ContainerRequestContext request,
            Sse sse) {
        return stream(leases.hold(namespace, kind, name, leaseId, (Renewal) request.getProperty(FIRST_RENEWAL)), sse);
    }

    private Multi<OutboundSseEvent> stream(Multi<LeaseEvent> events, Sse sse) {
        Multi<LeaseEvent> untilDrained = drain.untilDraining(events, () -> new LeaseEvent("shutdown", null, null,
                "this gateway instance is shutting down; the lease stays held until its TTL: reconnect to hold it on"));
        // counted with the instance's other event streams (gateway.sse.max-connections, gateway.sse.streams{kind=lock})
        Runnable leave = streams.admit("lock");
        return untilDrained.onTermination().invoke(leave).map(event -> sse.newEventBuilder().name(event.event()).data(toJson(event))
                .reconnectDelay(sseConfig.retry().toMillis()).build());
    }

    private String toJson(LeaseEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
