package io.redismesh.gateway.http;

import jakarta.ws.rs.Priorities;

/**
 * The request pipeline, in order; each filter names its place here, so the order is read in one spot.
 *
 * <pre>
 * order  filter                               package   job
 * 0      Framing (Vert.x route)               http      two Host headers: 400; a Content-Length over max-body-size: 413
 * 0      AllowedMethods (pre-matching)        http      OPTIONS only: 204 with Allow (from the resource model, per path);
 *                                                       a request REST cannot route on a served path becomes a 405 with
 *                                                       Allow in problem.ProblemMappers, so routed calls pay nothing
 * 1      AccessTokenQuery (Vert.x route)      security  ?access_token= becomes the bearer token, event-stream routes only
 * 1a     ValueFastPath (Vert.x route)         cache     GET/PUT of a value in the plain case (cached token, role, no
 *                                                       Idempotency-Key, no percent-encoding...): served here, ahead of
 *                                                       Quarkus REST, with the resource's answers, problems and audit line;
 *                                                       all else goes on
 * 2      DrainFilter (pre-matching)           ops       while draining: 503 draining for new event-stream requests
 * 3      AccessPolicy                         security  a path not valid UTF-8 once decoded: 400 invalid-name;
 *                                                       authentication on demand (OIDC bearer via VerifiedTokens, or mesh
 *                                                       identity): 401;
 *                                                       namespace resolved once per request: 404; the action's role: 403
 * 4      RateLimiter#check                    limit     a namespace's rate-limit per principal, one EVALSHA (none without
 *                                                       a rate-limit): 429 with Retry-After
 * 5      BodySizeLimit                        http      a {@link RawBody} over max-value-size by Content-Length: 413
 * 6      LeaseEvents#requireLiveLease         lock      a {@code @HeldByStream} lease that is not live: 410
 * 7      IdempotencyInterceptor (CDI)         idempotency  around an {@code @Idempotent} method sent with Idempotency-Key:
 *                                                       claims the key, or answers the kept outcome, 409 or 422
 * -      the resource method
 * after  IdempotentResponses (response filter) idempotency  keeps a claimed call's outcome, or frees its key
 * after  AuditLog (response filter)           security  one line per write, lock and publish call
 * after  RateLimiter#headers (response filter) limit    RateLimit and RateLimit-Policy on every answer of a limited namespace
 * </pre>
 *
 * Event-stream requests are recognised by {@code sse.EventStreamRequest} alone. Long polls are capped
 * per principal by {@code limit.BlockingCalls} in the resources (they alone know a call may wait).
 * Refusals show in {@code gateway_problems_total}.
 */
public final class RequestPipeline {

    /** Vert.x route filters: a higher priority runs earlier, and these run before authentication. */
    public static final int FRAMING = 2000;
    public static final int TOKEN_FROM_QUERY = 1000;
    /** Pre-matching, first: which methods a path serves is public (the API description says it too). */
    public static final int ALLOW = Priorities.AUTHENTICATION - 100;
    /** Pre-matching: before routing and authentication, the answer reveals nothing. */
    public static final int DRAIN = Priorities.AUTHENTICATION;
    public static final int AUTHORISE = Priorities.AUTHORIZATION;
    /** After authorisation: a rate limit is per principal, and counts only calls the caller may make. */
    public static final int RATE_LIMIT = Priorities.AUTHORIZATION + 100;
    /** After authorisation: the namespace's limits are shown only to callers that may use it. */
    public static final int BODY_SIZE = Priorities.USER;
    /** After authorisation: a caller without the lock role learns nothing about leases. */
    public static final int LIVE_LEASE = Priorities.USER + 100;

    private RequestPipeline() {
    }
}
