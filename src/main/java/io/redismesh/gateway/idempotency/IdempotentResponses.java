package io.redismesh.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The two ends of an {@link Idempotent} call: a first call's answer is kept under its key (or the key
 * freed when the call did nothing, so that a retry may act), and a retry is answered with the kept
 * outcome and {@code Idempotent-Replayed: true}.
 */
public class IdempotentResponses {

    /** What a retry needs besides status and body. */
    private static final List<String> KEPT_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.LOCATION, HttpHeaders.ETAG,
            HttpHeaders.RETRY_AFTER);

    private final IdempotencyStore store;
    private final ObjectMapper json;

    public IdempotentResponses(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @ServerResponseFilter
    public Uni<Void> keep(ContainerRequestContext request, ContainerResponseContext response) {
        Idempotency.Claim claim = (Idempotency.Claim) request.getProperty(Idempotency.Claim.PROPERTY);
        if (claim == null) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> stored = Outcome.worthKeeping(response.getStatus())
                ? store.keep(claim.key(), outcome(claim, response), claim.window())
                : store.release(claim.key());
        // the answer goes out either way; a key left in flight frees itself after its TTL
        return stored.onFailure().recoverWithUni(failure -> {
            Log.warnf("idempotency outcome not kept: %s", failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    @ServerExceptionMapper
    public Response replay(Replay replay) {
        Outcome outcome = replay.outcome;
        Response.ResponseBuilder response = Response.status(outcome.status()).header(Idempotency.REPLAYED, "true");
        outcome.headers().forEach(response::header);
        if (outcome.body().length > 0) {
            response.entity(outcome.body());
        }
        return response.build();
    }

    private Outcome outcome(Idempotency.Claim claim, ContainerResponseContext response) {
        Map<String, String> headers = new LinkedHashMap<>();
        KEPT_HEADERS.forEach(name -> {
            String value = response.getHeaderString(name);
            if (value != null) {
                headers.put(name, value);
            }
        });
        if (!headers.containsKey(HttpHeaders.CONTENT_TYPE) && response.getMediaType() != null) {
            headers.put(HttpHeaders.CONTENT_TYPE, response.getMediaType().toString());
        }
        return new Outcome(claim.fingerprint(), response.getStatus(), headers, body(response.getEntity()));
    }

    private byte[] body(Object entity) {
        if (entity == null) {
            return new byte[0];
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an idempotent call's answer cannot be kept", e);
        }
    }
}
