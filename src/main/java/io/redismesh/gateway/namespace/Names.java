package io.redismesh.gateway.namespace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import io.redismesh.gateway.problem.ProblemException;

/** The rules for names that come from users: namespaces, keys, channels, locks, members. */
public final class Names {

    public static final int MAX_NAME_BYTES = 1024;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private Names() {
    }

    public static boolean isValidNamespace(String ns) {
        return ns != null && NAMESPACE.matcher(ns).matches();
    }

    /** A name is 1..1024 bytes of UTF-8 without control characters; anything else is a 400. */
    public static String requireValid(String name) {
        if (name == null || name.isEmpty()) {
            throw ProblemException.invalidName("a name must not be empty");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw ProblemException.invalidName("a name must be at most " + MAX_NAME_BYTES + " bytes of UTF-8");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalidName("a name must not contain control characters");
        }
        return name;
    }

    /**
     * A raw (percent-encoded) path whose escapes are not valid UTF-8 is a 400: decoding would put
     * U+FFFD in their place, and distinct invalid names would alias one key.
     */
    public static void requireUtf8(String rawPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int hex = c == '%' && i + 2 < rawPath.length() ? hexByte(rawPath, i + 1) : -1;
            if (hex >= 0) {
                bytes.write(hex);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            throw ProblemException.invalidName("a name must be valid UTF-8 once percent-decoded");
        }
    }

    /** The byte of the two hex digits at {@code from}, or -1. */
    private static int hexByte(String s, int from) {
        int high = Character.digit(s.charAt(from), 16);
        int low = Character.digit(s.charAt(from + 1), 16);
        return high < 0 || low < 0 ? -1 : high << 4 | low;
    }
}
