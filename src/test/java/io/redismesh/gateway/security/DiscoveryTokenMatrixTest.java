package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
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
}
