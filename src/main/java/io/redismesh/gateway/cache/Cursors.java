package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;

/** Opaque page cursors: Redis's SCAN cursor, base64url-wrapped so clients don't build on its form. */
public final class Cursors {

    private Cursors() {
    }

    private static final int DEFAULT_PAGE = 100;
    /** How the {@code limit} of a page is documented. */
    public static final String LIMIT = "1..1000 (or the namespace's lower max-page-items), default 100";

    /** A page size asked for: 1..the namespace's max-page-items (at most 1000), default 100 (or that bound when lower). */
    public static int pageSize(Namespace namespace, Integer limit) {
        int bound = namespace.maxPageItems();
        int size = limit == null ? Math.min(DEFAULT_PAGE, bound) : limit;
        if (size < 1 || size > bound) {
            throw ProblemException.badRequest("limit must be between 1 and " + bound + " (namespace '" + namespace.name() + "')");
        }
        return size;
    }

    /** The opaque cursor of the next page: null when Redis says the scan is done ("0"). */
    static String next(String redisCursor) {
        return redisCursor.equals("0") ? null : encode(redisCursor);
    }

    static String encode(String redisCursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(redisCursor.getBytes(StandardCharsets.US_ASCII));
    }

    /** The Redis cursor of an opaque one; "0" (the start) when absent. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return "0";
        }
        try {
            String redisCursor = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!redisCursor.isEmpty() && redisCursor.chars().allMatch(Character::isDigit)) {
                return redisCursor;
            }
        } catch (IllegalArgumentException malformed) {
            // answered below
        }
        throw ProblemException.badRequest("cursor is not one this gateway issued");
    }
}
