package io.redismesh.gateway.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.specification.RequestSpecification;

/** Cache value calls as the developer, for the value tests (also run against the packaged application). */
public final class Values {

    private Values() {
    }

    public static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).log().ifValidationFails();
    }

    /** A key no other test uses. */
    public static String uniqueKey() {
        return "k-" + UUID.randomUUID();
    }
}
