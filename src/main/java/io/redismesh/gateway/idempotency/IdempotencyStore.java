package io.redismesh.gateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Outcomes by idempotency key, one Redis string each (JSON {@link Outcome}), expiring after the window. */
@ApplicationScoped
class IdempotencyStore {

    private static final LuaScript CLAIM = LuaScript.load("idempotency/claim");

    private final RedisExecutor redis;
    private final ObjectMapper json;

    IdempotencyStore(RedisExecutor redis, ObjectMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /**
     * Takes the key for a first call (one atomic step, so two concurrent calls never both act).
     *
     * @return null when this call holds the key now, else what the key holds
     */
    Uni<Outcome> claim(byte[] key, String fingerprint, Duration inFlightFor) {
        return redis.run(CLAIM, List.of(key), List.of(write(Outcome.inFlight(fingerprint)),
                String.valueOf(inFlightFor.toMillis()).getBytes(StandardCharsets.UTF_8)))
                .map(reply -> reply == null ? null : read(reply.toBytes()));
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
