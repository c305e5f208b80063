package io.redismesh.gateway.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.time.Duration;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.EventStreamClient;
import io.redismesh.gateway.support.Leases;
import io.redismesh.gateway.support.Tokens;

/**
 * Draining, driven by the event Quarkus fires in pre-shutdown. Its own profile (so its own
 * application instance): once drained, an instance never comes back. A real SIGTERM against the
 * packaged jar is {@code GracefulDrainIT}.
 */
@QuarkusTest
@TestProfile(DrainTest.OwnInstance.class)
class DrainTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    public static class OwnInstance implements QuarkusTestProfile {
    }

    @Inject
    Drain drain;

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownStarting;

    @TestHTTPResource("/")
    URL base;

    @Test
    void shutdownTurnsReadinessDownRefusesNewStreamsEndsOpenOnesAndStillServesCalls() throws Exception {
        String lock = Leases.lock();
        String leaseId = Leases.acquired(lock, 30_000);
        try (EventStreamClient channel = stream("v1/namespaces/demo/channels/drained/events").awaitOpen();
                EventStreamClient lease = stream("v1/namespaces/demo/locks/" + lock + "/leases/" + leaseId + "/events")) {
            assertEquals("renewed", lease.nextEvent(WAIT).type());
            given().get("/q/health/ready").then().statusCode(200);
            assertFalse(drain.draining());

            shutdownStarting.fire(new ShutdownDelayInitiatedEvent());

            assertTrue(drain.draining());
            given().get("/q/health/ready").then().statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'drain' }.status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200);

            // every open stream, whatever it carries, ends with its farewell
            assertEquals(new EventStreamClient.Event("shutdown", ""), channel.nextEvent(WAIT));
            assertNull(channel.nextEvent(WAIT), "the channel stream ends");
            EventStreamClient.Event farewell = lease.nextEvent(WAIT);
            assertEquals("shutdown", farewell.type());
            assertTrue(farewell.data().contains("\"reason\""), farewell.data());
            assertNull(lease.nextEvent(WAIT), "the lease stream ends");
        }
        // a lease held by a stream ended by the drain lives on: the client re-attaches elsewhere
        Leases.developer().get(Leases.LOCK, lock).then().statusCode(200).body("held", equalTo(true));

        given().auth().oauth2(Tokens.developer()).accept("text/event-stream").get("/v1/namespaces/demo/keys/{key}", "feed")
                .then().log().ifValidationFails().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("/problems/draining"));
        // refused before authentication: the answer reveals nothing and costs nothing
        given().accept("text/event-stream").get("/v1/namespaces/demo/keys/{key}", "feed").then().statusCode(503);
        // every event-stream route is refused whatever the Accept: curl sends */*, other clients none
        String leaseStream = "/v1/namespaces/demo/locks/" + lock + "/leases/" + leaseId + "/events";
        for (String route : new String[] { "/v1/namespaces/demo/channels/drained/events", "/v1/namespaces/demo/streams/drained/events",
                "/v1/namespaces/demo/channels/events?pattern=d*", leaseStream }) {
            given().auth().oauth2(Tokens.developer()).accept("*/*").get(route)
                    .then().log().ifValidationFails().statusCode(503).body("type", equalTo("/problems/draining"));
            given().auth().oauth2(Tokens.developer()).get(route)
                    .then().log().ifValidationFails().statusCode(503).body("type", equalTo("/problems/draining"));
        }
        // a malformed Accept is not a server failure: a refusal (503 draining on a stream route) or a 4xx
        for (String accept : new String[] { "text/event-stream;q=abc", "text/event-stream;;", "/", "te/xt/;;q=", "text/event-stream, ,",
                "text/event-stream;q=", ";" }) {
            for (String route : new String[] { "/v1/namespaces/demo/channels/drained/events", "/v1/namespaces/demo/keys/feed" }) {
                given().auth().oauth2(Tokens.developer()).header("Accept", accept).get(route)
                        .then().log().ifValidationFails().statusCode(either(equalTo(503)).or(both(greaterThanOrEqualTo(400)).and(lessThan(500))))
                        .contentType("application/problem+json");
            }
        }
        // a wildcard Accept on another route is not a stream request
        given().auth().oauth2(Tokens.developer()).accept("*/*").get("/v1/namespaces/demo/keys/{key}", "feed").then().statusCode(404);

        // ordinary calls are still served while the mesh moves traffic away
        given().auth().oauth2(Tokens.developer()).body("still here").put("/v1/namespaces/demo/keys/{key}", "drain-k").then().statusCode(201);
        given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", "drain-k").then().statusCode(200)
                .body(equalTo("still here"));
    }

    private EventStreamClient stream(String path) {
        return EventStreamClient.open(URI.create(base + path), Tokens.developer());
    }
}
