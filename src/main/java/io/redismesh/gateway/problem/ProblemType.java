package io.redismesh.gateway.problem;

/** The stable problem slugs of the API contract ({@code /problems/<slug>}). */
public enum ProblemType {
    BAD_REQUEST("bad-request", 400, "Bad request",
            "The request could not be used as sent: a malformed body, parameter or header. The detail names what to fix; sending the same request again gives the same answer."),
    PAGE_TOO_LARGE("page-too-large", 400, "Page too large",
            "A whole-hash GET or a list range without limit holds more than one page (the namespace's max-page-items and max-page-bytes). Read it in pages with the call the detail names: GET .../hashes/{key}/fields?cursor=&limit= or GET .../lists/{key}/items?start=&limit=."),
    INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter",
            "A query parameter does not parse as the call needs (for example ?limit=abc where an integer is expected). The detail names the parameter; fix its value and send the request again."),
    INVALID_NAME("invalid-name", 400, "Invalid name",
            "A namespace, key, channel, lock or stream name is empty, too long, not valid UTF-8 or holds characters the gateway does not accept. Choose another name."),
    CROSS_SLOT("cross-slot", 400, "Cross slot",
            "On Redis Cluster the call needs all its keys in one hash slot (it runs atomically on one node), and they are spread over several. Give the keys a common hash tag: Redis places 'order-42' in '{order-42}:items' and '{order-42}:total' in the same slot."),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized",
            "No bearer token, or one that is expired, not yet valid, badly signed or from an untrusted issuer or audience. Get a fresh token from your identity provider and send it as Authorization: Bearer."),
    FORBIDDEN("forbidden", 403, "Forbidden",
            "The token is valid but carries none of the roles the namespace requires for this action (read, write, lock, publish or subscribe). Ask the platform team for the role, or use a namespace you hold it for."),
    NOT_FOUND("not-found", 404, "Not found",
            "No resource answers at this path. Check the path against the API description at /q/openapi."),
    NAMESPACE_NOT_FOUND("namespace-not-found", 404, "Namespace not found",
            "The namespace is not declared in the gateway's configuration (gateway.namespaces.<ns>). Nothing is served outside declared namespaces."),
    KEY_NOT_FOUND("key-not-found", 404, "Key not found",
            "No value, hash, list, set or member exists under that name (it may have expired)."),
    GROUP_NOT_FOUND("group-not-found", 404, "Consumer group not found",
            "The stream has no consumer group of that name: create it first with PUT .../groups/{group}."),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed",
            "The path exists but does not accept this HTTP method; the API description at /q/openapi lists the methods of each path."),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable",
            "The Accept header asks for a media type this operation cannot produce."),
    WRONG_TYPE("wrong-type", 409, "Wrong type",
            "The key holds another Redis type than the operation works on (for example a list read as a hash). Use the operation for its type, or another key."),
    NOT_A_NUMBER("not-a-number", 409, "Not a number",
            "The stored value is not a number, so it cannot be incremented."),
    LOCK_HELD("lock-held", 409, "Lock held",
            "Another holder kept the lock (or every permit of the semaphore) through the wait. Retry after the Retry-After seconds, or wait longer with waitMillis."),
    PERMITS_MISMATCH("permits-mismatch", 409, "Permits mismatch",
            "The semaphore already exists with another number of permits; every caller must ask for the same count."),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", 409, "Idempotency key in use",
            "A call with this Idempotency-Key is still running. Wait for it, then retry with the same key to get its outcome."),
    LEASE_LOST("lease-lost", 410, "Lease lost",
            "The lease expired or was never yours: it can no longer be renewed or released. Acquire a new lease; work done under the old fencing token must be treated as stale."),
    PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed",
            "If-Match or If-None-Match did not hold: the value changed since you read it, or it already exists. Read it again and retry with the new ETag."),
    VALUE_TOO_LARGE("value-too-large", 413, "Value too large",
            "The body (or the stored value) is larger than the namespace's max-value-size, or one item of a collection is larger than its max-page-bytes."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type",
            "The operation does not accept the Content-Type sent; most JSON operations need application/json."),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused",
            "This Idempotency-Key was used (by the same caller, within the namespace's idempotency-window) for a different request. Use a new key for a new request."),
    TOO_MANY_BLOCKING_CALLS("too-many-blocking-calls", 429, "Too many blocking calls",
            "This caller already has the namespace's maximum of concurrent long polls (list pops, stream claims and lock or semaphore acquisitions with waitMillis; gateway.namespaces.<ns>.max-blocking-calls) open. Retry after the Retry-After seconds, when one of them has ended, or poll without waitMillis."),
    RATE_LIMITED("rate-limited", 429, "Rate limited",
            "This caller sent more requests to the namespace than its rate limit allows (gateway.namespaces.<ns>.rate-limit and rate-limit-burst). Nothing was done. Retry after the Retry-After seconds; the RateLimit and RateLimit-Policy headers tell how much is left and when it refills."),
    INTERNAL_ERROR("internal-error", 500, "Internal error",
            "An unexpected error in the gateway. It is logged with the request's trace id; please report it."),
    BACKEND_UNAVAILABLE("backend-unavailable", 503, "Backend unavailable",
            "Redis did not answer, so nothing was done. Retry after the Retry-After seconds."),
    DRAINING("draining", 503, "Draining",
            "This replica is shutting down and accepts no new event streams. Reconnect: the mesh routes you to another replica."),
    TOO_MANY_STREAMS("too-many-streams", 503, "Too many streams",
            "This replica holds its maximum of open event streams (gateway.sse.max-connections). Retry after the Retry-After seconds; another replica may have room."),
    BLOCKING_CONNECTIONS_BUSY("blocking-connections-busy", 503, "Blocking connections busy",
            "Every Redis connection this replica keeps for blocking calls (gateway.max-blocking-connections) is waiting in another long poll, so nothing was done. Retry after the Retry-After seconds, or poll without waitMillis; another replica may have room."),
    OUTCOME_UNKNOWN("outcome-unknown", 504, "Outcome unknown",
            "The write went out to Redis but no answer came in time: it may or may not have been applied. Read the state before acting again, or retry with the same Idempotency-Key to get the first outcome.");

    public final String slug;
    public final int status;
    public final String title;
    /** What the problem means and what a client can do about it: the page at {@code /problems/<slug>}. */
    public final String explanation;

    ProblemType(String slug, int status, String title, String explanation) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.explanation = explanation;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }
}
