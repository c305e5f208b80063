package io.redismesh.gateway.http;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.redismesh.gateway.problem.HttpLayerProblems;
import io.redismesh.gateway.problem.ProblemType;
import io.vertx.core.http.HttpServerRequest;

/**
 * Request framing checks that Netty leaves to the application (it already refuses duplicated or
 * listed Content-Length and Content-Length with Transfer-Encoding): a request with two Host
 * headers is ambiguous (RFC 9112 §3.2), 400; a declared body over quarkus.http.limits.max-body-size
 * is 413 as problem+json (Quarkus's own check answers with an empty body). Both close the connection.
 */
public class Framing {

    private final HttpLayerProblems problems;
    private final long maxBodySize;

    public Framing(HttpLayerProblems problems, @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.problems = problems;
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            if (request.headers().getAll(HttpHeaders.HOST).size() > 1) {
                problems.send(context, ProblemType.BAD_REQUEST, 400, "a request carries one Host header");
                return;
            }
            if (declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH)) > maxBodySize) {
                problems.send(context, ProblemType.VALUE_TOO_LARGE, 413, "the body is larger than the server accepts (" + maxBodySize + " bytes)");
                return;
            }
            context.next();
        }, RequestPipeline.FRAMING);
    }

    /** Netty has refused a malformed Content-Length on HTTP/1.1 already; 0 when absent or not a number (HTTP/2). */
    private static long declaredLength(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
