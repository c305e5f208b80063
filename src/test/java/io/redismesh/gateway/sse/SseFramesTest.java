package io.redismesh.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The bytes of events, and which requests are event-stream requests (plain JUnit). */
class SseFramesTest {

    private static String event(String name, String data) {
        return new String(SseFrames.event(name, data), StandardCharsets.UTF_8);
    }

    @Test
    void everyLineOfAPayloadIsItsOwnDataLineWhateverEndsIt() {
        assertEquals("event: message\ndata: one\ndata: two\ndata: three\ndata: four\n\n", event("message", "one\ntwo\rthree\r\nfour"));
        assertEquals("event: message\ndata: \ndata: \n\n", event("message", "\n"));
    }

    @Test
    void aLeadingSpaceSurvivesAndAnEmptyPayloadIsStillDispatched() {
        assertEquals("event: message\ndata:  padded\n\n", event("message", " padded"));
        assertEquals("event: shutdown\ndata: \n\n", event("shutdown", ""));
        assertEquals("event: message\ndata: grüße\n\n", event("message", "grüße"));
    }

    @Test
    void retryAdviceAndHeartbeatAreBareFields() {
        assertEquals("retry: 3000\n\n", new String(SseFrames.retry(Duration.ofSeconds(3)), StandardCharsets.US_ASCII));
        assertEquals(": keep-alive\n\n", new String(SseFrames.HEARTBEAT, StandardCharsets.US_ASCII));
    }

    @Test
    void anEventStreamRequestIsAGetUnderV1NamingTheMediaTypeExplicitly() {
        String path = "/v1/namespaces/demo/channels/news/events";
        assertTrue(EventStreamRequest.is("GET", path, "text/event-stream"));
        assertTrue(EventStreamRequest.is("GET", path, "application/json, Text/Event-Stream;q=0.5"));
        assertTrue(EventStreamRequest.is("GET", "/v1/namespaces/demo/keys/k", "text/event-stream"));
        assertFalse(EventStreamRequest.is("GET", path, "*/*"));
        assertFalse(EventStreamRequest.is("GET", path, "text/*"));
        assertFalse(EventStreamRequest.is("GET", path, null));
        assertFalse(EventStreamRequest.is("GET", path, "text/event-streams"));
        assertFalse(EventStreamRequest.is("POST", path, "text/event-stream"));
        assertFalse(EventStreamRequest.is("GET", "/q/health", "text/event-stream"));
    }
}
