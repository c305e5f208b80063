package io.redismesh.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The committed spec is the one the app serves: regenerate with `cp target/openapi-served.yaml openapi/openapi.yaml`. */
@QuarkusTest
class OpenApiContractTest {

    @Test
    void committedSpecMatchesServedSpec() throws IOException {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        Files.writeString(Path.of("target/openapi-served.yaml"), served);
        Path committed = Path.of("openapi/openapi.yaml");
        String expected = Files.exists(committed) ? Files.readString(committed) : "";
        assertEquals(expected, served, "openapi/openapi.yaml differs from /q/openapi; if the change is intended: "
                + "cp target/openapi-served.yaml openapi/openapi.yaml");
    }

    @Test
    void everyOperationHasItsOwnStableOperationId() {
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        List<String> ids = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            Object id = operation.get("operationId");
            assertTrue(id instanceof String, method + " " + path + " has no operationId");
            ids.add((String) id);
        }));
        assertTrue(ids.size() >= 40, "operations: " + ids.size());
        assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate operationIds: " + ids);
        assertEquals("getListItems", ApiDocument.operationId("GET", "/v1/namespaces/{ns}/lists/{key}/items"));
        assertEquals("postKeysBatchGet", ApiDocument.operationId("POST", "/v1/namespaces/{ns}/keys:batchGet"));
        assertEquals("putSortedSetMember", ApiDocument.operationId("PUT", "/v1/namespaces/{ns}/sorted-sets/{key}/members/{member}"));
        assertEquals("getHash", ApiDocument.operationId("GET", "/v1/namespaces/{ns}/hashes/{key}"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void operationsWithoutABodyAcceptAClientThatOnlyReadsProblems() {
        // generated clients send Accept: application/problem+json to calls whose success has no body
        Map<String, Map<String, Map<String, Object>>> paths = given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath().getMap("paths");
        int swept = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.getValue().get("responses");
                boolean bodiless = responses.entrySet().stream().filter(r -> r.getKey().startsWith("2")).allMatch(r -> r.getValue().get("content") == null);
                if (!bodiless || !path.getKey().startsWith("/v1/")) {
                    continue;
                }
                String url = path.getKey().replace("{ns}", "demo").replaceAll("\\{[^}]+}", "sweep");
                int status = given().urlEncodingEnabled(false).auth().oauth2(io.redismesh.gateway.support.Tokens.developer())
                        .accept("application/problem+json").contentType("application/json").body("{}")
                        .request(operation.getKey().toUpperCase(), url).then().extract().statusCode();
                assertTrue(status != 406 && status < 500, operation.getKey() + " " + url + " answered " + status);
                swept++;
            }
        }
        assertTrue(swept >= 10, "bodiless operations swept: " + swept);
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
