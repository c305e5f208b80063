package io.redismesh.gateway.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.RawHttp;
import io.redismesh.gateway.support.Tokens;

/**
 * Slowloris: a connection that stops sending mid-request is closed after quarkus.http.idle-timeout
 * (60 s as configured, which HostileInputTest checks; 2 s here), whether it stopped in the headers or in a body shorter than its
 * Content-Length. Without the timeout (Quarkus's default is 30 minutes) both reads below time out.
 */
@QuarkusTest
@TestProfile(HalfSentRequestTest.ShortIdleTimeout.class)
class HalfSentRequestTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s");
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void aRequestStoppedInItsHeadersIsClosed() throws IOException {
        RawHttp.Answer answer = RawHttp.send("GET /v1/namespaces/demo/keys/x HTTP/1.1\r\nHost: a\r\nX-Slow: ", PATIENCE);
        assertTrue(answer.closed(), "the half-sent request still holds its connection");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsClosed() throws IOException {
        RawHttp.Answer answer = RawHttp.send("PUT /v1/namespaces/demo/keys/slow HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
                + Tokens.developer() + "\r\nContent-Length: 10\r\n\r\nabc", PATIENCE);
        assertTrue(answer.closed(), "the short body still holds its connection");
    }
}
