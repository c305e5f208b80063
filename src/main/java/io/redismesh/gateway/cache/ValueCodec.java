package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;

/** Values inside JSON bodies: UTF-8 text in textual namespaces, base64 otherwise. */
final class ValueCodec {

    private ValueCodec() {
    }

    static String encode(Namespace namespace, byte[] value) {
        return namespace.textual() ? new String(value, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(value);
    }

    static byte[] decode(Namespace namespace, String value) {
        if (namespace.textual()) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("values in namespace '" + namespace.name() + "' are base64");
        }
    }
}
