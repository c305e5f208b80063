package io.redismesh.gateway.problem;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Failures of the HTTP layer itself, before any resource runs (a path with bad percent-encoding, a
 * body over quarkus.http.limits.max-body-size, an HTTP/1.1 request without Host): Vert.x Web ends
 * them with a bare status; here they get a problem+json body like every other failure. A failure
 * with an exception (a 5xx) is left to Quarkus's own handler.
 */
@Singleton
public class HttpLayerProblems {

    private final ProblemWriter problems;

    public HttpLayerProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            int status = context.statusCode();
            if (status < 400 || status >= 500 || context.response().headWritten()) {
                context.next();
                return;
            }
            send(context, ProblemType.forStatus(status), status, "the HTTP request is malformed or over a limit of the server");
        });
    }

    /** Answers with a problem before any resource runs, and closes the connection (RFC 9112 §6.3: the framing may be off). */
    public void send(RoutingContext context, ProblemType type, int status, String detail) {
        HttpServerRequest request = context.request();
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(problems.body(type, status, detail, request.method().name(), request.path()))
                .onComplete(sent -> {
                    if (request.version() != HttpVersion.HTTP_2) {
                        request.connection().close();
                    }
                });
    }
}
