package io.redismesh.gateway.problem;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure the gateway knows how to explain: thrown (or failed with) anywhere, rendered as
 * problem+json in one place ({@link ProblemMappers}).
 */
public class ProblemException extends RuntimeException {

    /** How long a client should wait before retrying an unavailable backend. */
    public static final Duration BACKEND_RETRY_AFTER = Duration.ofSeconds(1);

    public final ProblemType type;
    public final Optional<Duration> retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, Optional.empty());
    }

    public ProblemException(ProblemType type, String detail, Optional<Duration> retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ProblemType.BAD_REQUEST, detail);
    }

    /** A query parameter that does not parse as the call needs, e.g. {@code ?limit=abc}. */
    public static ProblemException invalidParameter(String name, String expected) {
        return new ProblemException(ProblemType.INVALID_PARAMETER, "query parameter '" + name + "' must be " + expected);
    }

    public static ProblemException invalidName(String detail) {
        return new ProblemException(ProblemType.INVALID_NAME, detail);
    }

    public static ProblemException namespaceNotFound(String ns) {
        return new ProblemException(ProblemType.NAMESPACE_NOT_FOUND, "no namespace '" + ns + "' is declared");
    }

    public static ProblemException keyNotFound(String key) {
        return new ProblemException(ProblemType.KEY_NOT_FOUND, "no value under '" + key + "'");
    }

    /** A member or field absent from a structure that exists (or not): the same key-not-found problem. */
    public static ProblemException notInKey(String part, String key) {
        return new ProblemException(ProblemType.KEY_NOT_FOUND, "no '" + part + "' in '" + key + "'");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ProblemException backendUnavailable(String detail) {
        return new ProblemException(ProblemType.BACKEND_UNAVAILABLE, detail, Optional.of(BACKEND_RETRY_AFTER));
    }
}
