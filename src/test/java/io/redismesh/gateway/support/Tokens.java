package io.redismesh.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;

import io.smallrye.jwt.util.KeyUtils;

/** Real RS256 tokens for tests, signed with the dev key that the test profile trusts. */
public final class Tokens {

    public static final String ISSUER = "https://dev.redis-mesh-gateway.local";
    public static final String AUDIENCE = "redis-mesh-gateway";
    /** The dev login's issuer: the one the test profile trusts through quarkus.oidc.public-key. */
    public static final TokenIssuer DEV = new TokenIssuer(ISSUER, AUDIENCE, readDevKey(), null);

    private Tokens() {
    }

    /** A valid token carrying these groups (roles). */
    public static String withGroups(String... groups) {
        return DEV.withGroups(groups);
    }

    public static String developer() {
        return withGroups("developer");
    }

    public static String expired() {
        return DEV.expired();
    }

    public static String fromIssuer(String issuer) {
        return DEV.fromIssuer(issuer);
    }

    public static String forAudience(String audience) {
        return DEV.forAudience(audience);
    }

    public static String signedByAnotherKey() {
        return DEV.signedByAnotherKey();
    }

    private static PrivateKey readDevKey() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of("src/main/dev/dev-signing-key.pem")));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
