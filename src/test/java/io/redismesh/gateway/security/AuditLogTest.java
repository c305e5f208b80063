package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.LogCapture;
import io.redismesh.gateway.support.Tokens;

/** One audit line per write (allowed or refused), none per read; never the token, the value or the key. */
@QuarkusTest
class AuditLogTest {

    private static final String VALUE = "/v1/namespaces/{ns}/keys/{key}";
    private LogCapture audit;

    @BeforeEach
    void captureAuditLog() {
        audit = LogCapture.of(AuditLog.CATEGORY);
    }

    @AfterEach
    void stopCapturing() {
        audit.close();
    }

    @Test
    void aWriteIsOneLineWithoutTokenValueOrKey() {
        String token = Tokens.developer();
        String secretValue = "card=4111-1111-" + UUID.randomUUID();
        String personalKey = "customer:alice@example.com:" + UUID.randomUUID();
        given().auth().oauth2(token).body(secretValue).put(VALUE, "demo", personalKey).then()
                .statusCode(anyOf(equalTo(201), equalTo(204)));
        given().auth().oauth2(token).get(VALUE, "demo", personalKey).then().statusCode(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> !audit.messages().isEmpty());
        assertEquals(List.of("principal=\"tester\" namespace=\"demo\" action=write operation=\"PUT /v1/namespaces/{ns}/keys/{key}\" status=201"),
                audit.messages());
        String logged = String.join("\n", audit.messages());
        assertFalse(logged.contains(token.substring(token.lastIndexOf('.') + 1)), "the token's signature is logged");
        assertFalse(logged.contains(token.split("\\.")[1]), "the token's claims are logged");
        assertFalse(logged.contains(secretValue), "the value is logged");
        assertFalse(logged.contains(personalKey), "the key is logged");
    }

    @Test
    void refusedWritesAreAuditedToo() {
        given().auth().oauth2(Tokens.withGroups("reader")).body("x").delete(VALUE, "demo", "k").then().statusCode(403);
        given().body("x").put(VALUE, "demo", "k").then().statusCode(401);

        await().atMost(Duration.ofSeconds(5)).until(() -> audit.messages().size() == 2);
        assertEquals(List.of(
                "principal=\"tester\" namespace=\"demo\" action=write operation=\"DELETE /v1/namespaces/{ns}/keys/{key}\" status=403",
                "principal=- namespace=\"demo\" action=write operation=\"PUT /v1/namespaces/{ns}/keys/{key}\" status=401"), audit.messages());
    }
}
