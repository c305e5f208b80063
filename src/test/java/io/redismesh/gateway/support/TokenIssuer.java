package io.redismesh.gateway.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

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

    /** A valid token of principal {@code subject} carrying these groups (roles). */
    public String forSubject(String subject, String... groups) {
        return sign(claims().subject(subject).groups(Set.of(groups)));
    }

    public String withRealmRoles(String... roles) {
        return sign(claims().claim("realm_access", Map.of("roles", List.of(roles))));
    }

    /** A valid token with these groups that expires (exp) after {@code lifetime}. */
    public String expiringIn(Duration lifetime, String... groups) {
        return sign(claims().groups(Set.of(groups)).expiresIn(lifetime));
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

    /** Valid claims and key id, signed by a key this issuer never published. */
    public String signedByAnotherKey() {
        return signedByAnotherKey(sign(claims()));
    }

    /** Any JWT's header (key id included) and claims, RS256-signed again by a fresh key. */
    public static String signedByAnotherKey(String token) {
        try {
            String[] parts = token.split("\\.");
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            String kid = JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
                    .getOrDefault("kid", "").toString();
            if (!kid.isEmpty()) {
                jws.setKeyIdHeaderValue(kid);
            }
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            jws.setKey(generator.generateKeyPair().getPrivate());
            return jws.getCompactSerialization();
        } catch (NoSuchAlgorithmException | JoseException e) {
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
