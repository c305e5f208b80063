package io.redismesh.gateway.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** CORS on for one other origin, as a deployment would set it: the page server of {@link CorsBrowserTest}. */
public class CorsProfile implements QuarkusTestProfile {

    /** The origin allowed: a loopback port free when the profile is read, where the test serves its page. */
    static final String PAGE_ORIGIN = "http://localhost:" + freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", PAGE_ORIGIN);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
