package io.redismesh.gateway.lock;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.redismesh.gateway.lock.LeaseDtos.LeaseEvent;
import io.smallrye.mutiny.Multi;

/** A stream-held lease as SSE: {@code event: renewed} while held, {@code event: lost} once, then the end. */
final class LeaseEvents {

    private LeaseEvents() {
    }

    static Multi<OutboundSseEvent> of(Multi<LeaseEvent> events, Sse sse) {
        return events.map(event -> sse.newEventBuilder().name(event.event()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(LeaseEvent.class, event).reconnectDelay(1000).build());
    }
}
