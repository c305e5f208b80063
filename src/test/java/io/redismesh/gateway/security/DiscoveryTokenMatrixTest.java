package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.LinkedHashMap;
import java.util.Map;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.support.RoleMatrix;
import io.redismesh.gateway.support.TokenIssuer;
import io.redismesh.gateway.support.Tokens;

/** The 401/403 token matrix against an issuer found by OIDC discovery (WireMock server, its JWKS). */
@QuarkusTest
@TestProfile(DiscoveryProfile.class)
class DiscoveryTokenMatrixTest {

    private static final String VALUE = "/v1/namespaces/{ns}/keys/{key}";
    private static final String WRITER = RoleMatrix.roleFor(Action.WRITE);

    @OidcWireMock
    WireMockServer wireMock;

    @Test
    void noTokenIs401WithABareBearerChallenge() {
        given().body("v").put(VALUE, RoleMatrix.NAMESPACE, "k").then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer realm=\"redis-mesh-gateway\""))
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void everyBadTokenIs401InvalidToken() {
        String valid = MockIdp.TOKENS.withRealmRoles(WRITER);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("malformed", "not-a-jwt");
        bad.put("expired", MockIdp.TOKENS.expired());
        bad.put("wrongly signed, same key id", MockIdp.TOKENS.signedByAnotherKey());
        bad.put("alg none", TokenIssuer.unsigned(valid));
        bad.put("foreign issuer", MockIdp.TOKENS.fromIssuer("https://evil.example.com"));
        bad.put("wrong audience", MockIdp.TOKENS.forAudience("someone-else"));
        bad.put("the dev key, no longer trusted", Tokens.DEV.withRealmRoles(WRITER));
        assertAll(bad.entrySet().stream().map(token -> () -> given().auth().oauth2(token.getValue()).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "k").then().log().ifValidationFails()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer realm=\"redis-mesh-gateway\", error=\"invalid_token\""))
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"))));
    }

    @Test
    void validTokenWithoutTheRoleIs403Forbidden() {
        given().auth().oauth2(MockIdp.TOKENS.withRealmRoles(RoleMatrix.roleFor(Action.READ))).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "k").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
    }

    @Test
    void validTokenWithTheRoleIsServed() {
        given().auth().oauth2(MockIdp.TOKENS.withRealmRoles(WRITER)).body("v")
                .put(VALUE, RoleMatrix.NAMESPACE, "discovered").then().statusCode(anyOf(equalTo(201), equalTo(204)));
        given().auth().oauth2(MockIdp.TOKENS.withRealmRoles(RoleMatrix.roleFor(Action.READ)))
                .get(VALUE, RoleMatrix.NAMESPACE, "discovered").then().statusCode(200).body(equalTo("v"));
    }

    /** Rotation: the issuer replaces key 1 by key 2; a token signed by key 1 and cached while valid is refused. */
    @Test
    void tokenSignedByARotatedOutKeyIsRefusedAfterRotation() throws Exception {
        String signedByKey1 = MockIdp.TOKENS.withRealmRoles(RoleMatrix.roleFor(Action.READ));
        given().auth().oauth2(signedByKey1).get(VALUE, RoleMatrix.NAMESPACE, "rotation").then().statusCode(404);
        given().auth().oauth2(signedByKey1).get(VALUE, RoleMatrix.NAMESPACE, "rotation").then().statusCode(404);

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key2 = generator.generateKeyPair();
        RsaJsonWebKey published = new RsaJsonWebKey((RSAPublicKey) key2.getPublic());
        published.setKeyId("2");
        published.setUse("sig");
        published.setAlgorithm("RS256");
        StubMapping rotated = wireMock.stubFor(WireMock.get(WireMock.urlEqualTo(MockIdp.JWKS_PATH))
                .willReturn(WireMock.aResponse().withHeader("Content-Type", "application/json")
                        .withBody(new JsonWebKeySet(published).toJson())));
        try {
            TokenIssuer rotatedIssuer = new TokenIssuer(DiscoveryProfile.ISSUER, Tokens.AUDIENCE, key2.getPrivate(), "2");
            given().auth().oauth2(rotatedIssuer.withRealmRoles(RoleMatrix.roleFor(Action.READ)))
                    .get(VALUE, RoleMatrix.NAMESPACE, "rotation").then().statusCode(404);
            given().auth().oauth2(signedByKey1).get(VALUE, RoleMatrix.NAMESPACE, "rotation").then().log().ifValidationFails()
                    .statusCode(401);
        } finally {
            wireMock.removeStub(rotated);
        }
        // key 1 back: OIDC fetches the keys again for a token naming it
        given().auth().oauth2(MockIdp.TOKENS.withRealmRoles(RoleMatrix.roleFor(Action.READ)))
                .get(VALUE, RoleMatrix.NAMESPACE, "rotation").then().statusCode(404);
    }
}
