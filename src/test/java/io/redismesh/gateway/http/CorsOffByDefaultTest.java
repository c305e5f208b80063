package io.redismesh.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Without configuration, no origin is granted anything: a page elsewhere cannot call the gateway. */
@QuarkusTest
class CorsOffByDefaultTest {

    @Test
    void noOriginIsGrantedByDefault() {
        given().header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/v1/namespaces/demo/keys/k").then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "http://localhost:3000").get("/v1/namespaces/demo/keys/k").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
