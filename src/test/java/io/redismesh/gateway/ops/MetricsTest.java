package io.redismesh.gateway.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;

/** /q/metrics in Prometheus format: what the Grafana dashboard in deploy/ reads. */
@QuarkusTest
class MetricsTest {

    @Test
    void httpLatencyIsAHistogramPerRouteTemplateNeverPerKey() {
        String key = "secret-customer-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.developer()).body("v").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(200);

        given().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*http_server_requests_seconds_bucket\\{[^}]*method=\"GET\"[^}]*"
                        + "uri=\"/v1/namespaces/\\{ns\\}/keys/\\{key\\}\"[^}]*le=\"[0-9.+Inf]+\".*"))
                .body(not(containsString(key)));
    }

    @Test
    void everyProblemIsCountedByTypeAndStatus() {
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", "absent-" + UUID.randomUUID())
                .then().statusCode(404);
        given().get("/v1/namespaces/demo/keys/{key}", "no-token").then().statusCode(401);

        given().get("/q/metrics").then().statusCode(200)
                .body(matchesPattern("(?s).*gateway_problems_total\\{[^}]*status=\"404\"[^}]*type=\"key-not-found\"[^}]*\\} [1-9].*"))
                .body(matchesPattern("(?s).*gateway_problems_total\\{[^}]*status=\"401\"[^}]*type=\"unauthorized\"[^}]*\\} [1-9].*"));
    }

    @Test
    void redisCommandsAreTimedWithFailuresCounted() {
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", "any").then().statusCode(404);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("redis_commands_duration_seconds_bucket"))
                .body(containsString("redis_commands_failure_total"));
    }
}
