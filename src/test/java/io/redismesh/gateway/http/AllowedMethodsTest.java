package io.redismesh.gateway.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** RFC 9110 Allow: OPTIONS and 405 name exactly the methods the served API description lists for each path. */
@QuarkusTest
class AllowedMethodsTest {

    private static final List<String> METHODS = List.of("GET", "PUT", "POST", "DELETE", "PATCH");

    @Test
    void everyPathOfTheSpecAnswersOptionsAnd405WithItsOwnMethods() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        int refused = 0;
        for (var path : paths.entrySet()) {
            Set<String> expected = new TreeSet<>();
            path.getValue().keySet().forEach(method -> expected.add(method.toUpperCase(Locale.ROOT)));
            expected.retainAll(METHODS);
            if (expected.contains("GET")) {
                expected.add("HEAD");
            }
            expected.add("OPTIONS");
            String url = path.getKey().replace("{ns}", "demo").replaceAll("\\{[^}]+}", "sweep");

            ExtractableResponse<Response> options = given().urlEncodingEnabled(false).options(url).then().extract();
            assertEquals(204, options.statusCode(), "OPTIONS " + url);
            assertEquals(expected, allow(options), "OPTIONS " + url);

            for (String method : METHODS) {
                if (expected.contains(method)) {
                    continue;
                }
                ExtractableResponse<Response> answer = given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer())
                        .request(method, url).then().extract();
                assertEquals(405, answer.statusCode(), method + " " + url);
                assertTrue(answer.contentType().startsWith("application/problem+json"), method + " " + url + ": " + answer.contentType());
                assertEquals("/problems/method-not-allowed", answer.jsonPath().getString("type"), method + " " + url);
                assertEquals(expected, allow(answer), method + " " + url);
                refused++;
            }
        }
        assertTrue(paths.size() >= 30, "paths: " + paths.size());
        assertTrue(refused >= 50, "refusals checked: " + refused);
    }

    @Test
    void aPathNoResourceServesIsStillNotFound() {
        given().options("/v1/nothing/here").then().statusCode(404);
        given().auth().oauth2(Tokens.developer()).patch("/v1/nothing/here").then().statusCode(404);
    }

    private static Set<String> allow(ExtractableResponse<Response> response) {
        String header = response.header("Allow");
        assertTrue(header != null, "no Allow header");
        Set<String> methods = new TreeSet<>();
        for (String method : header.split(",")) {
            methods.add(method.trim());
        }
        return methods;
    }
}
