package io.redismesh.gateway.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void probesAreUpWithRedisAnswering() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void podReadinessGroupHoldsOnlyTheDrainState() {
        // the Deployment's readinessProbe: a Redis outage shared by all replicas must not eject them all
        given().get("/q/health/group/serving").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", contains("drain"));
    }
}
