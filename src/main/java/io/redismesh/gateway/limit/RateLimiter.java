package io.redismesh.gateway.limit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.namespace.RateLimit;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.redismesh.gateway.security.Access;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Rate limits per principal and namespace, kept in Redis (GCRA, one EVALSHA per request, so the limit
 * holds across replicas); a namespace without {@code rate-limit} costs nothing. Over the limit: 429
 * rate-limited with Retry-After. Every answer of a limited namespace carries the RateLimit and
 * RateLimit-Policy headers (draft-ietf-httpapi-ratelimit-headers). When Redis cannot answer the check,
 * the call answers 503 backend-unavailable at once: the operation needs Redis too, so this is the answer
 * it would get, without waiting a second time, and "503 = nothing was done" still holds.
 */
public class RateLimiter {

    private static final LuaScript GCRA = LuaScript.load("limit/gcra");
    /** The request property holding the check's outcome, for the response headers. */
    private static final String DECISION = RateLimiter.class.getName();

    /** One check's outcome, in what the headers say. */
    record Decision(String ns, RateLimit limit, boolean allowed, long remaining, long retryAfterSeconds, long resetSeconds) {

        static Decision of(String ns, RateLimit limit, Response reply) {
            return new Decision(ns, limit, reply.get(0).toLong() == 1, reply.get(1).toLong(), seconds(reply.get(2).toLong()),
                    seconds(reply.get(3).toLong()));
        }

        /** Microseconds as whole seconds, rounded up: a client waiting that long is never early. */
        private static long seconds(long micros) {
            return (micros + 999_999) / 1_000_000;
        }
    }

    private final Map<String, RateLimit> limits;
    private final String keyPrefix;
    private final RedisExecutor redis;

    public RateLimiter(GatewayConfig config, RedisExecutor redis) {
        this.redis = redis;
        this.keyPrefix = config.keyPrefix();
        this.limits = config.namespaces().entrySet().stream().filter(e -> e.getValue().rateLimit().isPresent())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> RateLimit.parse(e.getKey(), e.getValue().rateLimit().get(), e.getValue().rateLimitBurst())));
    }

    @ServerRequestFilter(priority = RequestPipeline.RATE_LIMIT)
    public Uni<Void> check(ContainerRequestContext request) {
        // a null Uni lets the request go on without suspending it: unlimited namespaces pay nothing
        if (limits.isEmpty() || !(request.getProperty(Access.PROPERTY) instanceof Access access)) {
            return null;
        }
        RateLimit limit = limits.get(access.namespace());
        if (limit == null) {
            return null;
        }
        byte[] key = (keyPrefix + "~rate:{" + access.namespace() + ":" + access.principal() + "}").getBytes(StandardCharsets.UTF_8);
        return redis.run(GCRA, List.of(key), List.of(bytes(limit.intervalMicros()), bytes(limit.burst())))
                .onFailure(RateLimiter::outcomeUnknown).transform(unanswered -> ProblemException.backendUnavailable(
                        "Redis did not answer the rate-limit check; nothing was done"))
                .invoke(reply -> {
                    Decision decision = Decision.of(access.namespace(), limit, reply);
                    request.setProperty(DECISION, decision);
                    if (!decision.allowed()) {
                        throw new ProblemException(ProblemType.RATE_LIMITED, "more than " + limit.count() + " requests per "
                                + limit.period() + " (bursts of " + limit.burst() + ") to namespace '" + access.namespace() + "'",
                                Optional.of(Duration.ofSeconds(decision.retryAfterSeconds())));
                    }
                }).replaceWithVoid();
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!limits.isEmpty() && request.getProperty(DECISION) instanceof Decision decision) {
            String policy = "\"" + decision.ns() + "\"";
            response.getHeaders().putSingle("RateLimit-Policy", policy + ";q=" + decision.limit().count() + ";w=" + decision.limit().windowSeconds());
            response.getHeaders().putSingle("RateLimit", policy + ";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
        }
    }

    /** The check is a write (it keeps the state), but a check Redis did not answer leaves the operation not done: 503, not 504. */
    private static boolean outcomeUnknown(Throwable failure) {
        return failure instanceof ProblemException problem && problem.type == ProblemType.OUTCOME_UNKNOWN;
    }

    private static byte[] bytes(long number) {
        return Long.toString(number).getBytes(StandardCharsets.UTF_8);
    }
}
