package io.redismesh.gateway.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Walks every /v1 operation of the served OpenAPI spec: without a token each one is a 401. */
@QuarkusTest
class EveryOperationNeedsATokenTest {

    @Test
    void everyDocumentedOperationAnswers401WithoutAToken() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((template, operations) -> {
            if (!template.startsWith("/v1/")) {
                return;
            }
            String path = template.replaceAll("\\{[^}]+\\}", "x").replace("/namespaces/x/", "/namespaces/demo/");
            for (String method : operations.keySet()) {
                int status = given().urlEncodingEnabled(false).contentType("application/json").body("{}")
                        .request(method.toUpperCase(), path).then().extract().statusCode();
                assertEquals(401, status, method.toUpperCase() + " " + path);
                checked.add(method + " " + template);
            }
        });
        assertTrue(checked.size() >= 12, "operations checked: " + checked);
    }
}
