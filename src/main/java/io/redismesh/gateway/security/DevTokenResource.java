package io.redismesh.gateway.security;

import java.io.IOException;
import java.nio.file.Files;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * Dev login: a short-lived bearer token signed with the dev key, which only the dev and test
 * profiles trust ({@code quarkus.oidc.public-key}). Not built into the prod application, hence
 * hidden from the spec; its parameters are in the README ("Try it").
 */
@Path("/dev/token")
@Tag(name = "Dev login")
@IfBuildProfile(anyOf = { "dev", "test" })
public class DevTokenResource {

    private final PrivateKey signingKey;
    private final String issuer;
    private final String audience;
    private final List<String> groups;

    public DevTokenResource(
            @ConfigProperty(name = "dev-login.signing-key") String signingKeyFile,
            @ConfigProperty(name = "quarkus.oidc.token.issuer") String issuer,
            @ConfigProperty(name = "quarkus.oidc.token.audience") String audience,
            @ConfigProperty(name = "dev-login.groups") List<String> groups) throws IOException, GeneralSecurityException {
        this.signingKey = readPkcs8(java.nio.file.Path.of(signingKeyFile));
        this.issuer = issuer;
        this.audience = audience;
        this.groups = groups;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(hidden = true)
    public String token(@QueryParam("ttlSeconds") Integer ttlSeconds, @QueryParam("groups") String chosenGroups) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject("developer");
        claims.setClaim("preferred_username", "developer");
        // ?groups=reader (comma-separated) mints a token with other roles, e.g. to meet a 403
        claims.setStringListClaim("groups", chosenGroups == null ? groups
                : Stream.of(chosenGroups.split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(ttlSeconds == null ? 60 : Math.min(ttlSeconds, 3600) / 60f);
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(signingKey);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static PrivateKey readPkcs8(java.nio.file.Path pem) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
