package io.redismesh.gateway.idempotency;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Outcomes by idempotency key, one Redis string each (JSON {@link Outcome}), expiring after the window. */
@ApplicationScoped
class IdempotencyStore {

    private final RedisExecutor redis;
    private final ObjectMapper json;

    IdempotencyStore(RedisExecutor redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /**
     * Takes the key for a first call ({@code SET NX GET}: one atomic step, so two concurrent calls never both act).
     *
     * @return null when this call holds the key now, else what the key holds
     */
    Uni<Outcome> claim(byte[] key, String fingerprint, Duration inFlightFor) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(write(Outcome.inFlight(fingerprint))).arg("NX").arg("GET")
                .arg("PX").arg(inFlightFor.toMillis())).map(reply -> reply == null ? null : read(reply.toBytes()));
    }

    /** Keeps the first call's outcome for the window, from now. */
    Uni<Void> keep(byte[] key, Outcome outcome, Duration window) {
        return redis.send(Request.cmd(Command.SET).arg(key).arg(write(outcome)).arg("PX").arg(window.toMillis())).replaceWithVoid();
    }

    /** Frees the key: the first call did nothing, so a retry may act. */
    Uni<Void> release(byte[] key) {
        return redis.send(Request.cmd(Command.DEL).arg(key)).replaceWithVoid();
    }

    private byte[] write(Outcome outcome) {
        try {
            return json.writeValueAsBytes(outcome);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private Outcome read(byte[] stored) {
        try {
            return json.readValue(stored, Outcome.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable idempotency record", e);
        }
    }
}
