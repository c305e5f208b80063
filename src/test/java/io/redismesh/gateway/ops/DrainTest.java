package io.redismesh.gateway.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.Tokens;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * Draining, driven by the event Quarkus fires in pre-shutdown. Its own profile (so its own
 * application instance): once drained, an instance never comes back. A real SIGTERM against the
 * packaged jar is {@code GracefulDrainIT}.
 */
@QuarkusTest
@TestProfile(DrainTest.OwnInstance.class)
class DrainTest {

    public static class OwnInstance implements QuarkusTestProfile {
    }

    @Inject
    Drain drain;

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownStarting;

    @Test
    void shutdownTurnsReadinessDownRefusesNewStreamsEndsOpenOnesAndStillServesCalls() {
        AssertSubscriber<String> open = drain.untilDraining(Multi.createFrom().ticks().every(Duration.ofMillis(20)).map(t -> "tick"),
                () -> "shutdown").subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        open.awaitItems(2);
        given().get("/q/health/ready").then().statusCode(200);
        assertFalse(drain.draining());

        shutdownStarting.fire(new ShutdownDelayInitiatedEvent());

        assertTrue(drain.draining());
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'drain' }.status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200);

        open.awaitCompletion();
        List<String> items = open.getItems();
        assertEquals("shutdown", items.get(items.size() - 1));

        given().auth().oauth2(Tokens.developer()).accept("text/event-stream").get("/v1/namespaces/demo/keys/{key}", "feed")
                .then().log().ifValidationFails().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("/problems/draining"));
        // refused before authentication: the answer reveals nothing and costs nothing
        given().accept("text/event-stream").get("/v1/namespaces/demo/keys/{key}", "feed").then().statusCode(503);

        // ordinary calls are still served while the mesh moves traffic away
        given().auth().oauth2(Tokens.developer()).body("still here").put("/v1/namespaces/demo/keys/{key}", "drain-k").then().statusCode(201);
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", "drain-k").then().statusCode(200)
                .body(equalTo("still here"));

        // a stream asked for after draining began ends at once with the farewell
        AssertSubscriber<String> late = drain.untilDraining(Multi.createFrom().<String>nothing(), () -> "shutdown")
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        late.awaitCompletion().assertItems("shutdown");
    }
}
