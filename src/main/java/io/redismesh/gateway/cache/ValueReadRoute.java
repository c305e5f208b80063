package io.redismesh.gateway.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.redismesh.gateway.namespace.Action;
import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemMappers;
import io.redismesh.gateway.security.CachedBearerToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's most frequent call, {@code GET /v1/namespaces/{ns}/keys/{key}}, served on a Vert.x
 * route ahead of Quarkus REST (issue 11: the REST layer's filter chain, context propagation and
 * Mutiny stages cost more than the Redis call; see bench/README.md). It takes only the plain case: a
 * bearer token the verified-token cache holds, whose roles may read in a declared namespace, and a
 * path without percent-encoding. Anything else goes on to {@link ValueResource}, which answers it as
 * before (401, 403, 404 namespace-not-found, 400 invalid-name, mesh identities); the answer itself is
 * {@link ValueAnswer} and failures are {@link ProblemMappers}' problems, shared with the resource.
 */
@ApplicationScoped
public class ValueReadRoute {

    private final CachedBearerToken tokens;
    private final NamespaceRegistry namespaces;
    private final ValueStore store;
    private final ProblemMappers problems;
    /** Reads served here rather than by the resource: how much of the traffic takes the fast path. */
    private final Counter served;

    public ValueReadRoute(CachedBearerToken tokens, NamespaceRegistry namespaces, ValueStore store, ProblemMappers problems,
            MeterRegistry meters) {
        this.tokens = tokens;
        this.namespaces = namespaces;
        this.store = store;
        this.problems = problems;
        this.served = Counter.builder("gateway.fast.reads").description("value reads served on the Vert.x fast path").register(meters);
    }

    void register(@Observes Router router) {
        router.get("/v1/namespaces/:ns/keys/:key").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::read);
    }

    private void read(RoutingContext context) {
        SecurityIdentity identity = context.request().path().indexOf('%') < 0 ? tokens.cachedIdentity(context.request()) : null;
        Namespace namespace = identity == null ? null : namespaces.find(context.pathParam("ns"));
        String key = context.pathParam("key");
        if (namespace == null || namespace.rolesFor(Action.READ).stream().noneMatch(identity::hasRole) || !valid(key)) {
            context.next();
            return;
        }
        served.increment();
        String ifNoneMatch = context.request().headers().get(HttpHeaders.IF_NONE_MATCH);
        store.read(namespace, key).subscribe().with(
                value -> answer(context.response(), ValueAnswer.of(namespace, value, ifNoneMatch, true)),
                failure -> problems.write(failure, context));
    }

    private static boolean valid(String key) {
        try {
            Names.requireValid(key);
            return true;
        } catch (ProblemException invalid) {
            return false;
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
