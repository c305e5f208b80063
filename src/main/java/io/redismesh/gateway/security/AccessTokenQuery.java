package io.redismesh.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * RFC 6750 {@code access_token} in the query, for browsers: {@code EventSource} cannot send an
 * Authorization header. Accepted only where it is needed, on event-stream GETs ({@code GET /v1/...}
 * whose last path segment is {@code events}, with {@code Accept: text/event-stream}), and only
 * when no Authorization header is sent; it then becomes the bearer token before OIDC reads it.
 * The token is never logged (the HTTP access log is off; proxies that log query strings should
 * redact it).
 */
public class AccessTokenQuery {

    static final String PARAMETER = "access_token";

    void register(@Observes Filters filters) {
        // runs before any authentication or REST handler
        filters.register(context -> {
            HttpServerRequest request = context.request();
            if (isEventStream(request, context.normalizedPath()) && request.headers().get(HttpHeaders.AUTHORIZATION) == null) {
                String token = request.getParam(PARAMETER);
                if (token != null && !token.isEmpty()) {
                    request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                }
            }
            context.next();
        }, 1000);
    }

    private static boolean isEventStream(HttpServerRequest request, String path) {
        String accept = request.headers().get(HttpHeaders.ACCEPT);
        return request.method() == HttpMethod.GET && path.startsWith("/v1/") && path.endsWith("/events")
                && accept != null && accept.contains("text/event-stream");
    }
}
