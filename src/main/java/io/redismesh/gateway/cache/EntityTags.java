package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Strong entity tags of cache values: the quoted SHA-1 hex of the bytes, the same digest Lua's
 * {@code redis.sha1hex} computes, so preconditions can be checked inside Redis.
 */
final class EntityTags {

    private EntityTags() {
    }

    static String of(byte[] value) {
        try {
            return '"' + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(value)) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The opaque parts of an If-Match / If-None-Match list ({@code "a", W/"b"} gives a, b; {@code *} gives *). */
    static List<String> parse(String header) {
        return Arrays.stream(header.split(","))
                .map(String::trim)
                .filter(tag -> !tag.isEmpty())
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .map(tag -> tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag)
                .toList();
    }

    /** If-Match compares strongly (RFC 9110 §13.1.1): a weak tag never matches, so it is dropped. */
    static List<String> parseStrong(String header) {
        return parse(Arrays.stream(header.split(",")).filter(tag -> !tag.trim().startsWith("W/")).collect(Collectors.joining(",")));
    }

    /** Weak comparison, as RFC 9110 asks for If-None-Match on GET and HEAD. */
    static boolean noneMatchHolds(String ifNoneMatch, String etag) {
        List<String> tags = parse(ifNoneMatch);
        String opaque = etag.substring(1, etag.length() - 1);
        return !(tags.contains("*") || tags.contains(opaque));
    }

    static byte[] bytes(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }
}
