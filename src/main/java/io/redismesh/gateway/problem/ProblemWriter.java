package io.redismesh.gateway.problem;

import java.util.EnumSet;
import java.util.Set;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;

/**
 * Writes one problem: 4xx logged at DEBUG, 5xx at ERROR (but a drain refusal and a Redis outage,
 * which are expected and logged once elsewhere), each counted in {@code gateway.problems} (tags
 * {@code type}, {@code status}), its refusals under load too (429 {@code rate-limited},
 * {@code too-many-blocking-calls}; 503 {@code blocking-connections-busy}, {@code backend-unavailable}, {@code draining}). Shared by the REST layer's
 * mappers ({@link ProblemMappers}) and the HTTP layer's own failures ({@link HttpLayerProblems}).
 */
@Singleton
public class ProblemWriter {

    /**
     * Answers to a known condition, not failures of the gateway: a drain, a Redis outage (logged once per change by
     * redis.RedisState), every blocking connection in use.
     */
    private static final Set<ProblemType> EXPECTED_5XX = EnumSet.of(ProblemType.DRAINING, ProblemType.BACKEND_UNAVAILABLE,
            ProblemType.OUTCOME_UNKNOWN, ProblemType.BLOCKING_CONNECTIONS_BUSY);

    private final ObjectMapper json;
    private final MeterRegistry meters;

    public ProblemWriter(ObjectMapper json, MeterRegistry meters) {
        this.json = json;
        this.meters = meters;
    }

    /** The problem+json body; {@code path} is the request path (never its query, which may hold a token). */
    String body(ProblemType type, int status, String detail, String method, String path) {
        if (status >= 500 && !EXPECTED_5XX.contains(type)) {
            Log.errorf("%s %s -> %d %s: %s", method, path, status, type.slug, detail);
        } else {
            Log.debugf("%s %s -> %d %s: %s", method, path, status, type.slug, detail);
        }
        meters.counter("gateway.problems", "type", type.slug, "status", String.valueOf(status)).increment();
        try {
            return json.writeValueAsString(new Problem(Problem.TYPE_PREFIX + type.slug, type.title, status, detail, path));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
