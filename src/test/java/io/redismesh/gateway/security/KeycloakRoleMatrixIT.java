package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.support.RoleMatrix;
import io.redismesh.gateway.support.TokenIssuer;

/**
 * The token and role matrices against a real Keycloak (realm {@code src/test/keycloak/realm.json}),
 * found by discovery, with tokens from its password and client-credentials grants and roles from
 * realm roles. Runs only with {@code -Pkeycloak-it}.
 */
@QuarkusTest
@WithTestResource(KeycloakServer.class)
class KeycloakRoleMatrixIT {

    private static final String VALUE = "/v1/namespaces/{ns}/keys/{key}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL gateway;

    private final String realm = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);

    @Test
    void everyOperationNeedsTheRoleOfItsActionWithPasswordAndClientCredentialsTokens() throws URISyntaxException {
        Map<Action, String> tokens = Map.of(
                Action.READ, password(realm, "gateway-cli", "reader"),
                Action.WRITE, clientCredentials("orders-service", "orders-service-secret"),
                Action.LOCK, password(realm, "gateway-cli", "locker"),
                Action.PUBLISH, password(realm, "gateway-cli", "publisher"),
                Action.SUBSCRIBE, password(realm, "gateway-cli", "subscriber"));
        RoleMatrix.verify(gateway.toURI(), tokens, password(realm, "gateway-cli", "nobody"));
    }

    @Test
    void noTokenIs401WithABareBearerChallenge() {
        given().get(VALUE, RoleMatrix.NAMESPACE, "k").then()
                .statusCode(401).header("WWW-Authenticate", equalTo("Bearer realm=\"redis-mesh-gateway\""));
    }

    @Test
    void everyBadTokenIs401InvalidToken() {
        String valid = password(realm, "gateway-cli", "reader");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("malformed", "not-a-jwt");
        bad.put("wrongly signed, Keycloak's key id", TokenIssuer.signedByAnotherKey(valid));
        bad.put("alg none", TokenIssuer.unsigned(valid));
        // same realm and keys, but asked for through another host name: Keycloak names that host as issuer
        bad.put("foreign issuer", password(realm.replace("127.0.0.1", "localhost"), "gateway-cli", "reader"));
        bad.put("wrong audience", password(realm, "other-audience-cli", "reader"));
        assertAll(bad.entrySet().stream().map(token -> () -> given().auth().oauth2(token.getValue())
                .get(VALUE, RoleMatrix.NAMESPACE, "k").then().log().ifValidationFails()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("type", equalTo("/problems/unauthorized"))));
    }

    @Test
    void aTokenIsRefusedOnceItExpires() {
        String shortLived = password(realm, "short-lived-cli", "reader");
        given().auth().oauth2(shortLived).get(VALUE, RoleMatrix.NAMESPACE, "never-written").then()
                .statusCode(404).body("type", equalTo("/problems/key-not-found"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> given().auth().oauth2(shortLived)
                .get(VALUE, RoleMatrix.NAMESPACE, "never-written").then().extract().statusCode() == 401);
    }

    @Test
    void validTokenWithoutTheRoleIs403Forbidden() {
        given().auth().oauth2(password(realm, "gateway-cli", "nobody")).get(VALUE, RoleMatrix.NAMESPACE, "k").then()
                .statusCode(403).body("type", equalTo("/problems/forbidden"));
    }

    private static String password(String realmUrl, String client, String user) {
        return token(realmUrl, Map.of("grant_type", "password", "client_id", client, "username", user, "password", user + "-password"));
    }

    private String clientCredentials(String client, String secret) {
        return token(realm, Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret));
    }

    private static String token(String realmUrl, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), "token for " + form.get("client_id") + ": " + response.body());
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
