package io.redismesh.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/** Real RS256 tokens for tests, signed with the dev key that the test profile trusts. */
public final class Tokens {

    public static final String ISSUER = "https://dev.redis-mesh-gateway.local";
    public static final String AUDIENCE = "redis-mesh-gateway";
    private static final PrivateKey DEV_KEY = readDevKey();

    private Tokens() {
    }

    /** A valid token carrying these groups (roles). */
    public static String withGroups(String... groups) {
        return sign(claims(groups));
    }

    public static String developer() {
        return withGroups("developer");
    }

    public static String expired() {
        return sign(claims("developer").issuedAt(Instant.now().minus(Duration.ofHours(2))).expiresAt(Instant.now().minus(Duration.ofHours(1))));
    }

    public static String fromIssuer(String issuer) {
        return sign(claims("developer").issuer(issuer));
    }

    public static String forAudience(String audience) {
        return sign(claims("developer").audience(audience));
    }

    public static String signedByAnotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return claims("developer").sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaimsBuilder claims(String... groups) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("tester").groups(Set.of(groups)).expiresIn(Duration.ofMinutes(10));
    }

    private static String sign(JwtClaimsBuilder claims) {
        return claims.sign(DEV_KEY);
    }

    private static PrivateKey readDevKey() {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of("src/main/dev/dev-signing-key.pem")));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
