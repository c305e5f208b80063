package io.redismesh.gateway.problem;

/** The stable problem slugs of the API contract ({@code /problems/<slug>}). */
public enum ProblemType {
    BAD_REQUEST("bad-request", 400, "Bad request"),
    INVALID_NAME("invalid-name", 400, "Invalid name"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    NAMESPACE_NOT_FOUND("namespace-not-found", 404, "Namespace not found"),
    KEY_NOT_FOUND("key-not-found", 404, "Key not found"),
    GROUP_NOT_FOUND("group-not-found", 404, "Consumer group not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    WRONG_TYPE("wrong-type", 409, "Wrong type"),
    NOT_A_NUMBER("not-a-number", 409, "Not a number"),
    LOCK_HELD("lock-held", 409, "Lock held"),
    PERMITS_MISMATCH("permits-mismatch", 409, "Permits mismatch"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", 409, "Idempotency key in use"),
    LEASE_LOST("lease-lost", 410, "Lease lost"),
    PRECONDITION_FAILED("precondition-failed", 412, "Precondition failed"),
    VALUE_TOO_LARGE("value-too-large", 413, "Value too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "Idempotency key reused"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    BACKEND_UNAVAILABLE("backend-unavailable", 503, "Backend unavailable"),
    DRAINING("draining", 503, "Draining"),
    TOO_MANY_STREAMS("too-many-streams", 503, "Too many streams"),
    OUTCOME_UNKNOWN("outcome-unknown", 504, "Outcome unknown");

    public final String slug;
    public final int status;
    public final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
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
