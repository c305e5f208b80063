package io.redismesh.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
