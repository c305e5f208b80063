package io.redismesh.gateway.lock;

import java.util.List;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.lock.LeaseDtos.LeaseEvent;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.ops.Drain;
import io.redismesh.gateway.pubsub.SseStreams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Stream-held leases as SSE: {@code event: renewed} while held, {@code event: lost} once, then the
 * end; {@code event: shutdown} when this instance drains (the lease lives on). An SSE response commits its 200 before the first event, so the lease is checked in a
 * request filter first: an unknown or lapsed lease is a 410, which also stops a browser's
 * EventSource from reconnecting forever.
 */
public class LeaseEvents {

    private final NamespaceRegistry namespaces;
    private final LeaseService leases;
    private final ObjectMapper json;
    private final Drain drain;
    private final SseStreams streams;

    public LeaseEvents(NamespaceRegistry namespaces, LeaseService leases, ObjectMapper json, Drain drain, SseStreams streams) {
        this.namespaces = namespaces;
        this.leases = leases;
        this.json = json;
        this.drain = drain;
        this.streams = streams;
    }

    /** After authorisation (a caller without the lock role learns nothing about leases). */
    @ServerRequestFilter(priority = Priorities.USER)
    public Uni<Void> requireLiveLease(UriInfo uri) {
        // v1 / namespaces / {ns} / locks|semaphores / {name} / leases / {leaseId} / events
        List<PathSegment> path = uri.getPathSegments();
        if (path.size() != 8 || !path.get(0).getPath().equals("v1") || !path.get(5).getPath().equals("leases")
                || !path.get(7).getPath().equals("events")) {
            return Uni.createFrom().voidItem();
        }
        for (LeaseKind kind : LeaseKind.values()) {
            if (kind.collection.equals(path.get(3).getPath())) {
                return leases.requireLive(namespaces.resolve(path.get(2).getPath()), kind, path.get(4).getPath(), path.get(6).getPath());
            }
        }
        return Uni.createFrom().voidItem();
    }

    Multi<OutboundSseEvent> stream(Multi<LeaseEvent> events, Sse sse) {
        Multi<LeaseEvent> untilDrained = drain.untilDraining(events, () -> new LeaseEvent("shutdown", null, null,
                "this gateway instance is shutting down; the lease stays held until its TTL: reconnect to hold it on"));
        // counted with the instance's other event streams (gateway.sse.max-connections, gateway.sse.streams{kind=lock})
        Runnable leave = streams.admit("lock");
        return untilDrained.onTermination().invoke(leave).map(event -> sse.newEventBuilder().name(event.event()).data(toJson(event)).reconnectDelay(1000).build());
    }

    private String toJson(LeaseEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
