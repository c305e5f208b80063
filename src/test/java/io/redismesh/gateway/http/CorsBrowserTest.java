package io.redismesh.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.Chromium;
import io.redismesh.gateway.support.Tokens;

/**
 * CORS as a browser meets it: headless Chromium opens a page served from another origin, which calls
 * the gateway with {@code fetch} and an Authorization header (a preflighted request) and streams a
 * channel with {@code EventSource} and {@code access_token}, then posts what it saw back to the page
 * server. Required in CI ({@code CI} set); elsewhere skipped without Chromium ({@link Chromium}).
 */
@QuarkusTest
@TestProfile(CorsProfile.class)
class CorsBrowserTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void aPageOnTheAllowedOriginCallsWithATokenAndStreamsEvents() throws Exception {
        Chromium.require();
        String key = "cors-" + UUID.randomUUID();
        String page = Files.readString(Path.of("src/test/resources/cors-page.html"))
                .replace("GATEWAY", gateway.toString().replaceAll("/$", "")).replace("TOKEN", Tokens.developer()).replace("KEY", key);
        CompletableFuture<String> report = new CompletableFuture<>();
        URI origin = URI.create(CorsProfile.PAGE_ORIGIN);
        HttpServer pageServer = HttpServer.create(new InetSocketAddress("localhost", origin.getPort()), 0);
        pageServer.createContext("/", exchange -> respond(exchange, page));
        pageServer.createContext("/result", exchange -> {
            report.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, "");
        });
        pageServer.start();
        try (Chromium browser = Chromium.open(CorsProfile.PAGE_ORIGIN + "/")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> seen = new ObjectMapper().readValue(report.get(60, TimeUnit.SECONDS), Map.class);
            assertEquals(201, seen.get("put"), "PUT with Authorization after a preflight: " + seen);
            assertTrue(String.valueOf(seen.get("etag")).startsWith("\""), "ETag is exposed to the page: " + seen);
            assertEquals(200, seen.get("get"), seen.toString());
            assertEquals("from another origin", seen.get("body"));
            assertEquals(401, seen.get("noToken"), "a problem is readable cross-origin: " + seen);
            assertEquals("/problems/unauthorized", seen.get("noTokenType"));
            assertEquals("hello browser", seen.get("event"), "EventSource with access_token streams: " + seen);
        } finally {
            pageServer.stop(0);
        }
    }

    @Test
    void anotherOriginGetsNoGrant() {
        given().header("Origin", "http://evil.example").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/v1/namespaces/demo/keys/k").then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", CorsProfile.PAGE_ORIGIN).header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/v1/namespaces/demo/keys/k").then()
                .header("Access-Control-Allow-Origin", equalTo(CorsProfile.PAGE_ORIGIN));
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
