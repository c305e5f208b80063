package io.redismesh.gateway.problem;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;
import io.redismesh.gateway.http.AllowedMethods;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place where the REST layer's failures become responses (and a fast path's, by {@link #write}):
 * RFC 9457 problem+json written by {@link ProblemWriter}, never a stack trace or a Redis message in the body.
 */
@Singleton
public class ProblemMappers {

    /** RFC 6750: a request without credentials gets the scheme only; a bad token gets invalid_token. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"redis-mesh-gateway\"";
    static final String INVALID_TOKEN_CHALLENGE = BEARER_CHALLENGE
            + ", error=\"invalid_token\", error_description=\"the access token is invalid or expired\"";

    private static final String INTERNAL_DETAIL = "the gateway failed unexpectedly; the failure is logged";

    private final ProblemWriter problems;
    private final AllowedMethods allowed;

    public ProblemMappers(ProblemWriter problems, AllowedMethods allowed) {
        this.allowed = allowed;
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response.ResponseBuilder response = render(e.type, e.getMessage(), request);
        e.retryAfter.ifPresent(after -> response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(after)));
        return response.build();
    }

    /** The same answers, written to the Vert.x response of a fast path that bypasses Quarkus REST (cache.ValueFastPath). */
    public void write(Throwable failure, RoutingContext context) {
        HttpServerResponse response = context.response();
        if (failure instanceof ProblemException e) {
            e.retryAfter.ifPresent(after -> response.putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds(after)));
            end(response, e.type, e.getMessage(), context.request());
        } else {
            Log.errorf(failure, "unexpected failure on %s %s", context.request().method(), context.request().path());
            end(response, ProblemType.INTERNAL_ERROR, INTERNAL_DETAIL, context.request());
        }
    }

    private void end(HttpServerResponse response, ProblemType type, String detail, HttpServerRequest request) {
        if (!response.closed()) {
            response.setStatusCode(type.status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(body(type, type.status, detail, request));
        }
    }

    private static String retryAfterSeconds(Duration after) {
        return String.valueOf(Math.max(1, after.toSeconds()));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return render(ProblemType.UNAUTHORIZED, "a bearer token is required", request)
                .header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return render(ProblemType.UNAUTHORIZED, "the bearer token is invalid or expired", request)
                .header(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN_CHALLENGE).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return render(ProblemType.FORBIDDEN, "the token lacks a role for this action", request).build();
    }

    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response malformedJson(Exception e, HttpServerRequest request) {
        return render(ProblemType.BAD_REQUEST, "the request body is not the JSON this call expects", request).build();
    }

    @ServerExceptionMapper
    public Response jaxrs(WebApplicationException e, HttpServerRequest request) {
        if (e.getCause() instanceof ProblemException problem) {
            return problem(problem, request); // a query parameter's converter (http.QueryNumbers) refused its value
        }
        int status = e.getResponse().getStatus();
        Optional<String> allow = status == 404 || status == 405 ? allowed.refusal(request.method().name(), request.path()) : Optional.empty();
        if (allow.isPresent()) {
            // routing failed for a path some resource serves: RFC 9110's 405 with the path's own methods
            return render(ProblemType.forStatus(405), 405, detailOf(405), request).header(HttpHeaders.ALLOW, allow.get()).build();
        }
        return render(ProblemType.forStatus(status), status, detailOf(status), request).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        Log.errorf(e, "unexpected failure on %s %s", request.method(), request.path());
        return render(ProblemType.INTERNAL_ERROR, INTERNAL_DETAIL, request).build();
    }

    private Response.ResponseBuilder render(ProblemType type, String detail, HttpServerRequest request) {
        return render(type, type.status, detail, request);
    }

    private Response.ResponseBuilder render(ProblemType type, int status, String detail, HttpServerRequest request) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body(type, status, detail, request));
    }

    private String body(ProblemType type, int status, String detail, HttpServerRequest request) {
        return problems.body(type, status, detail, request.method().name(), request.path());
    }

    private static String detailOf(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "this resource does not support the method";
            case 406 -> "no representation matches the Accept header";
            case 415 -> "the Content-Type is not supported here";
            default -> status >= 500 ? "the gateway failed unexpectedly" : "the request is not valid for this call";
        };
    }
}
