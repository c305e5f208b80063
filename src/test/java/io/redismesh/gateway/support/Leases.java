package io.redismesh.gateway.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Lock calls in namespace {@code demo} as the developer, for the lock, lease-stream and drain tests. */
public final class Leases {

    public static final String LOCK = "/v1/namespaces/demo/locks/{name}";
    public static final String LEASES = LOCK + "/leases";
    public static final String LEASE = LEASES + "/{leaseId}";

    private Leases() {
    }

    public static RequestSpecification developer() {
        return given().auth().oauth2(Tokens.developer()).contentType("application/json").log().ifValidationFails();
    }

    /** A lock name no other test uses. */
    public static String lock() {
        return "job-" + UUID.randomUUID();
    }

    public static Response acquire(String name, long ttlMillis, long waitMillis) {
        return developer().body(Map.of("ttlMillis", ttlMillis, "waitMillis", waitMillis, "holder", "worker-1"))
                .post(LEASES, name).then().extract().response();
    }

    /** The lease id of a new lease on a free lock. */
    public static String acquired(String name, long ttlMillis) {
        Response response = acquire(name, ttlMillis, 0);
        response.then().statusCode(201);
        return response.jsonPath().getString("leaseId");
    }
}
