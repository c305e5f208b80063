package io.redismesh.gateway.cache;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;

/** TTLs asked for by callers: milliseconds or ISO-8601, positive, within the namespace's max-ttl. */
final class Ttl {

    private Ttl() {
    }

    /** The TTL of a write: {@code ?ttl=} if given, else the namespace's default-ttl, else persistent. */
    static Optional<Duration> forWrite(Namespace namespace, String ttl) {
        if (ttl == null || ttl.isBlank()) {
            return namespace.defaultTtl();
        }
        return Optional.of(namespace.requireTtl(parse(ttl)));
    }

    private static Duration parse(String ttl) {
        try {
            if (ttl.chars().allMatch(Character::isDigit)) {
                return Duration.ofMillis(Long.parseLong(ttl));
            }
            return Duration.parse(ttl);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw ProblemException.badRequest("ttl must be milliseconds or an ISO-8601 duration such as PT30S");
        }
    }
}
