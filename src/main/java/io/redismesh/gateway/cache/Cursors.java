package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.redis.Cluster;

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

    /**
     * Where a key listing resumes: on Redis Cluster the node being scanned (named by the lowest slot it
     * serves; null otherwise), that node's SCAN cursor and, when the last page ended inside the SCAN step
     * that cursor starts, the last name it took there (null otherwise).
     */
    public record Position(Integer node, String redisCursor, String after) {

        static final Position START = new Position(null, "0", null);

        /** The opaque cursor of this position; null for none (the walk is done). */
        static String encode(Position position) {
            if (position == null) {
                return null;
            }
            String scan = position.node == null ? position.redisCursor : position.node + "/" + position.redisCursor;
            return Cursors.encode(position.after == null ? scan : scan + ":" + position.after);
        }

        /** The position of an opaque cursor; the start when absent. */
        static Position decode(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return START;
            }
            String text = text(cursor);
            int colon = text.indexOf(':');
            String scan = colon < 0 ? text : text.substring(0, colon);
            String after = colon < 0 ? null : text.substring(colon + 1);
            int slash = scan.indexOf('/');
            if (slash < 0) {
                return new Position(null, digits(scan), after);
            }
            String node = digits(scan.substring(0, slash));
            if (node.length() > 5 || Integer.parseInt(node) >= Cluster.SLOTS) {
                throw notIssued();
            }
            return new Position(Integer.valueOf(node), digits(scan.substring(slash + 1)), after);
        }
    }

    /** The opaque cursor of the next page: null when Redis says the scan is done ("0"). */
    static String next(String redisCursor) {
        return redisCursor.equals("0") ? null : encode(redisCursor);
    }

    static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The Redis cursor of an opaque one; "0" (the start) when absent. */
    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return "0";
        }
        return digits(text(cursor));
    }

    private static String text(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw notIssued();
        }
    }

    private static String digits(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw notIssued();
        }
        return text;
    }

    private static ProblemException notIssued() {
        return ProblemException.badRequest("cursor is not one this gateway issued");
    }
}
