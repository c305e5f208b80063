package io.redismesh.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemMappers;
import io.redismesh.gateway.security.Access;
import io.redismesh.gateway.security.AuditLog;
import io.redismesh.gateway.security.CachedBearerToken;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's most frequent calls, GET and PUT of {@code /v1/namespaces/{ns}/keys/{key}}, served
 * on Vert.x routes ahead of Quarkus REST (issue 11: the REST layer's filter chain, context
 * propagation and Mutiny stages cost more than the Redis call; see bench/README.md). They take only
 * the plain case: a bearer token the verified-token cache holds, whose roles allow the action in a
 * declared namespace, a path without percent-encoding, and for a PUT a Content-Length within the
 * namespace's max-value-size and no Idempotency-Key or Expect, all in a namespace without a
 * rate-limit. Anything else goes on to {@link ValueResource}, which answers it as before (401, 403,
 * 404, 400, 413, 429, idempotent retries, mesh identities). The answers are {@link ValueAnswer}, failures {@link ProblemMappers}' problems,
 * and writes get the same audit line: shared with the resource, so the two paths cannot drift apart.
 */
@ApplicationScoped
public class ValueFastPath {

    private static final String PATH = "/v1/namespaces/:ns/keys/:key";
    private static final String OPERATION = "/v1/namespaces/{ns}/keys/{key}";

    private final CachedBearerToken tokens;
    private final NamespaceRegistry namespaces;
    private final ValueStore store;
    private final ProblemMappers problems;
    /** Calls served here rather than by the resource: how much of the traffic takes the fast path. */
    private final Counter reads;
    private final Counter writes;

    public ValueFastPath(CachedBearerToken tokens, NamespaceRegistry namespaces, ValueStore store, ProblemMappers problems,
            MeterRegistry meters) {
        this.tokens = tokens;
        this.namespaces = namespaces;
        this.store = store;
        this.problems = problems;
        this.reads = served(meters, "GET");
        this.writes = served(meters, "PUT");
    }

    private static Counter served(MeterRegistry meters, String method) {
        return Counter.builder("gateway.fast.path").description("value calls served on the Vert.x fast path")
                .tag("method", method).register(meters);
    }

    void register(@Observes Router router) {
        router.get(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::read);
        router.put(PATH).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::write);
    }

    private void read(RoutingContext context) {
        Call call = call(context, Action.READ);
        if (call == null) {
            context.next();
            return;
        }
        reads.increment();
        String ifNoneMatch = context.request().headers().get(HttpHeaders.IF_NONE_MATCH);
        store.read(call.namespace, call.key).subscribe().with(
                value -> answer(context.response(), ValueAnswer.of(call.namespace, value, ifNoneMatch, true)),
                failure -> problems.write(failure, context));
    }

    private void write(RoutingContext context) {
        Call call = call(context, Action.WRITE);
        HttpServerRequest request = context.request();
        long length = call == null ? -1 : contentLength(request);
        if (length < 0 || length > call.namespace.maxValueBytes() || request.headers().contains(Idempotency.HEADER)
                || request.headers().contains(HttpHeaders.EXPECT)) {
            context.next();
            return;
        }
        writes.increment();
        Access access = new Access(call.principal, call.namespace.name(), Action.WRITE, OPERATION);
        HttpServerResponse response = context.response();
        response.headersEndHandler(headers -> AuditLog.record(access, "PUT", response.getStatusCode()));
        body(context).onFailure(failure -> problems.write(failure, context)).onSuccess(body -> {
            try {
                byte[] value = body.getBytes();
                String etag = EntityTags.of(value);
                store.write(call.namespace, call.key, value, Ttl.forWrite(call.namespace, request.getParam("ttl")),
                        Precondition.of(request.headers().get(HttpHeaders.IF_MATCH), request.headers().get(HttpHeaders.IF_NONE_MATCH)))
                        .subscribe().with(written -> answer(response, ValueAnswer.written(written, etag)),
                                failure -> problems.write(failure, context));
            } catch (ProblemException invalid) {
                problems.write(invalid, context);
            }
        });
    }

    /** Quarkus pauses requests until a handler reads them; a body handler ahead of this one may have read it already. */
    private static Future<Buffer> body(RoutingContext context) {
        if (context.body().available()) {
            return Future.succeededFuture(context.body().buffer());
        }
        Future<Buffer> body = context.request().body();
        context.request().resume();
        return body;
    }

    /** The parts of a call the fast path may serve, or null when the resource must answer it. */
    private Call call(RoutingContext context, Action action) {
        SecurityIdentity identity = context.request().path().indexOf('%') < 0 ? tokens.cachedIdentity(context.request()) : null;
        Namespace namespace = identity == null ? null : namespaces.find(context.pathParam("ns"));
        String key = context.pathParam("key");
        // a rate-limited namespace is answered by the resource, after the limiter (limit.RateLimiter) of the REST pipeline
        if (namespace == null || namespace.rateLimited() || namespace.rolesFor(action).stream().noneMatch(identity::hasRole)
                || !valid(key)) {
            return null;
        }
        return new Call(identity.getPrincipal().getName(), namespace, key);
    }

    private record Call(String principal, Namespace namespace, String key) {
    }

    private static boolean valid(String key) {
        try {
            Names.requireValid(key);
            return true;
        } catch (ProblemException invalid) {
            return false;
        }
    }

    /** The declared length of a plain body, or -1 (absent, chunked, unreadable: the resource decides). */
    private static long contentLength(HttpServerRequest request) {
        String declared = request.headers().get(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || request.headers().contains("Transfer-Encoding")) {
            return -1;
        }
        try {
            return Long.parseLong(declared);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void answer(HttpServerResponse response, ValueAnswer answer) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(answer.status());
        answer.headers().forEach(response::putHeader);
        if (answer.body() != null) {
            response.end(Buffer.buffer(answer.body()));
        } else {
            response.end();
        }
    }
}
