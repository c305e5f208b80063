package io.redismesh.gateway.security;

import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.redismesh.gateway.http.RequestPipeline;
import io.redismesh.gateway.sse.EventStreamRequest;
import io.vertx.core.http.HttpServerRequest;

/**
 * RFC 6750 {@code access_token} in the query, for browsers: {@code EventSource} cannot send an
 * Authorization header. Accepted only where it is needed, on event-stream requests
 * ({@link EventStreamRequest}) to the event-stream routes ({@link #EVENT_STREAM_ROUTES}), and only
 * when no Authorization header is sent; it then becomes the bearer token before OIDC reads it.
 * The token is never logged (the HTTP access log is off; proxies that log query strings should
 * redact it).
 */
public class AccessTokenQuery {

    static final String PARAMETER = "access_token";
    /** The event-stream routes, and only they: a key, hash or list named {@code events} is not one. */
    static final Pattern EVENT_STREAM_ROUTES = Pattern.compile(
            "/v1/namespaces/[^/]+/(channels/([^/]+/)?events|streams/[^/]+/events|(locks|semaphores)/[^/]+/leases/[^/]+/events)");
    /** RFC 6750 §2.1 b64token. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            String path = context.normalizedPath();
            if (EVENT_STREAM_ROUTES.matcher(path).matches()
                    && EventStreamRequest.is(request.method().name(), path, request.headers().get(HttpHeaders.ACCEPT))
                    && request.headers().get(HttpHeaders.AUTHORIZATION) == null) {
                String token = request.getParam(PARAMETER);
                // Anything but RFC 6750's b64token (a %0A, say) stays out of the header: the request
                // then goes on without credentials (401), and the token reaches no error log.
                if (token != null && TOKEN.matcher(token).matches()) {
                    request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
                }
            }
            context.next();
        }, RequestPipeline.TOKEN_FROM_QUERY);
    }
}
