package io.redismesh.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Chromium;
import io.redismesh.gateway.support.Tokens;

/**
 * Swagger UI as a first-time user meets it, in headless Chromium: authorise with a token, expand
 * "Write a value", type a value, Execute, then read it back the same way (src/test/resources/swagger-ui-tour.js).
 * It fails when the spec stops offering a body one can type (e.g. only octet-stream, a file picker).
 */
@QuarkusTest
class SwaggerUiBrowserTest {

    @TestHTTPResource("/q/swagger-ui/")
    URL swaggerUi;

    @Test
    void aTokenAndTheTryItOutButtonsWriteAndReadAValue() throws Exception {
        String key = "swagger-" + UUID.randomUUID();
        String value = "typed in Swagger UI " + UUID.randomUUID();
        String tour = Files.readString(Path.of("src/test/resources/swagger-ui-tour.js"))
                .replace("TOKEN", Tokens.developer()).replace("KEY", key).replace("VALUE", value);
        try (Chromium browser = Chromium.driven()) {
            Chromium.DevTools page = browser.devTools();
            page.navigate(swaggerUi.toString());
            JsonNode seen = page.evaluate(tour, Duration.ofSeconds(90));
            assertTrue(seen.path("write").asInt() == 201 || seen.path("write").asInt() == 204, "Execute on Write a value: " + seen);
            assertEquals(200, seen.path("read").asInt(), "Execute on Read a value: " + seen);
            assertEquals(value, seen.path("body").asText(), "the value read back in Swagger UI: " + seen);
        }
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/" + key).then().statusCode(200).body(equalTo(value));
    }
}
