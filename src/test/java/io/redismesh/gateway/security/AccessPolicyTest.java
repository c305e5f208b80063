package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.TokenIssuer;
import io.redismesh.gateway.support.Tokens;

@QuarkusTest
class AccessPolicyTest {

    private static final String VALUE = "/v1/namespaces/{ns}/keys/{key}";

    @Test
    void noTokenIs401WithBearerChallenge() {
        given().get(VALUE, "demo", "k").then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthorized"));
    }

    @Test
    void badTokensAre401InvalidToken() {
        for (String token : new String[] { "not-a-jwt", Tokens.expired(), Tokens.signedByAnotherKey(),
                Tokens.fromIssuer("https://evil.example.com"), Tokens.forAudience("someone-else") }) {
            given().auth().oauth2(token).get(VALUE, "demo", "k").then().log().ifValidationFails()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                    .body("type", equalTo("/problems/unauthorized"));
        }
    }

    @Test
    void unsignedAlgNoneTokenIs401() {
        given().auth().oauth2(TokenIssuer.unsigned(Tokens.developer())).get(VALUE, "demo", "k").then().statusCode(401);
    }

    @Test
    void undeclaredNamespaceIs404() {
        given().auth().oauth2(Tokens.developer()).get(VALUE, "nowhere", "k").then()
                .statusCode(404).body("type", equalTo("/problems/namespace-not-found"));
    }

    @Test
    void readerMayReadButNotWrite() {
        given().auth().oauth2(Tokens.withGroups("reader")).get(VALUE, "demo", "absent-key").then().statusCode(404);
        given().auth().oauth2(Tokens.withGroups("reader")).body("x").put(VALUE, "demo", "k").then()
                .statusCode(403).contentType("application/problem+json").body("type", equalTo("/problems/forbidden"));
        given().auth().oauth2(Tokens.withGroups("reader")).delete(VALUE, "demo", "k").then().statusCode(403);
    }

    @Test
    void tokenWithoutAnyNamespaceRoleIsForbidden() {
        given().auth().oauth2(Tokens.withGroups("stranger")).get(VALUE, "demo", "k").then().statusCode(403);
    }

    @Test
    void aRefusalDoesNotTellWhetherTheKeyExists() {
        given().auth().oauth2(Tokens.developer()).body("x").put(VALUE, "demo", "present").then().statusCode(anyOf(equalTo(201), equalTo(204)));
        for (String key : new String[] { "present", "absent" }) {
            given().auth().oauth2(Tokens.withGroups("stranger")).get(VALUE, "demo", key).then()
                    .statusCode(403).body("type", equalTo("/problems/forbidden"))
                    .body("detail", equalTo("the token has no role that may read in namespace 'demo'"));
        }
    }

    @Test
    void namespaceWithoutRolesDeniesEveryone() {
        given().auth().oauth2(Tokens.developer()).get(VALUE, "sealed", "k").then().statusCode(403);
        given().auth().oauth2(Tokens.developer()).body("x").put(VALUE, "sealed", "k").then().statusCode(403);
    }

    @Test
    void devTokenWorksAsBearer() {
        String token = given().get("/dev/token").then().statusCode(200).extract().asString();
        given().auth().oauth2(token).body("from-dev-login").put(VALUE, "demo", "dev-login-key").then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        given().auth().oauth2(token).get(VALUE, "demo", "dev-login-key").then().statusCode(200).body(equalTo("from-dev-login"));
    }

    @Test
    void devTokenWithChosenGroupsMeetsTheRoleChecks() {
        String reader = given().queryParam("groups", "reader").get("/dev/token").then().statusCode(200).extract().asString();
        given().auth().oauth2(reader).get(VALUE, "demo", "dev-login-key").then().statusCode(anyOf(equalTo(200), equalTo(404)));
        given().auth().oauth2(reader).body("x").put(VALUE, "demo", "dev-login-key").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        String none = given().queryParam("groups", "nobody").get("/dev/token").then().statusCode(200).extract().asString();
        given().auth().oauth2(none).get(VALUE, "demo", "dev-login-key").then().statusCode(403);
    }
}
