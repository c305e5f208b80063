package io.redismesh.gateway.security;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.sse.EventStreamRequest;
import io.vertx.core.http.HttpServerRequest;

/**
 * RFC 6750 {@code access_token} in the query, for browsers: {@code EventSource} cannot send an
 * Authorization header. Accepted only where it is needed, on event-stream requests
 * ({@link EventStreamRequest}) to routes whose last path segment is {@code events}, and only
 * when no Authorization header is sent; it then becomes the bearer token before OIDC reads it.
 * The token is never logged (the HTTP access log is off; proxies that log query strings should
 * redact it).
 */
public class AccessTokenQuery {

    static final String PARAMETER = "access_token";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            String path = context.normalizedPath();
            if (path.endsWith("/events") && EventStreamRequest.is(request.method().name(), path, request.headers().get(HttpHeaders.ACCEPT))
                    && request.headers().get(HttpHeaders.AUTHORIZATION) == null) {
                String token = request.getParam(PARAMETER);
                if (token != null && !token.isEmpty()) {
                    request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                }
            }
            context.next();
        }, RequestPipeline.TOKEN_FROM_QUERY);
    }
}
