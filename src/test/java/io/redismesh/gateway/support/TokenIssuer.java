package io.redismesh.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Mints real RS256 access tokens as one identity provider would (its issuer, its key), plus the bad
 * tokens of the 401 matrix: expired, signed by another key, unsigned, from another issuer, for
 * another audience. Roles go in {@code groups} or, Keycloak style, in {@code realm_access.roles}.
 */
public record TokenIssuer(String issuer, String audience, PrivateKey signingKey, String keyId) {

    public String withGroups(String... groups) {
        return sign(claims().groups(Set.of(groups)));
    }

    public String withRealmRoles(String... roles) {
        return sign(claims().claim("realm_access", Map.of("roles", List.of(roles))));
    }

    public String expired() {
        return sign(claims().issuedAt(Instant.now().minus(Duration.ofHours(2))).expiresAt(Instant.now().minus(Duration.ofHours(1))));
    }

    public String fromIssuer(String otherIssuer) {
        return sign(claims().issuer(otherIssuer));
    }

    public String forAudience(String otherAudience) {
        return sign(claims().audience(otherAudience));
    }

    /** The same claims and key id, signed by a key this issuer never published. */
    public String signedByAnotherKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            JwtClaimsBuilder claims = claims();
            return keyId == null ? claims.sign(generator.generateKeyPair().getPrivate())
                    : claims.jws().keyId(keyId).sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token's claims under {@code "alg":"none"} and an empty signature. */
    public static String unsigned(String token) {
        String header = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + token.split("\\.")[1] + ".";
    }

    private JwtClaimsBuilder claims() {
        return Jwt.issuer(issuer).audience(audience).subject("tester").expiresIn(Duration.ofMinutes(10));
    }

    private String sign(JwtClaimsBuilder claims) {
        return keyId == null ? claims.sign(signingKey) : claims.jws().keyId(keyId).sign(signingKey);
    }
}
