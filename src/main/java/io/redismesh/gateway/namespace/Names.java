package io.redismesh.gateway.namespace;

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
}
