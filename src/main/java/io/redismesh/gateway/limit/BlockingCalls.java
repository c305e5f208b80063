package io.redismesh.gateway.limit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.security.Access;
import io.smallrye.mutiny.Uni;

/**
 * The cap on concurrent long polls per principal and namespace ({@code max-blocking-calls}), counted on
 * this replica: it is about this replica's connections and waiters, so it needs no Redis round trip.
 * Without it one caller could take every blocking connection of the replica.
 */
@ApplicationScoped
public class BlockingCalls {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /** Open long polls by namespace and principal; an entry goes when its count drops to 0. */
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    /**
     * {@code call}, counted while it runs when it may wait ({@code waitMillis} > 0); beyond the cap it
     * fails with 429 too-many-blocking-calls. Called from the resource method, where the request's
     * principal is known.
     */
    public <T> Uni<T> hold(Namespace namespace, Long waitMillis, Uni<T> call) {
        if (waitMillis == null || waitMillis <= 0) {
            return call;
        }
        Access access = (Access) CurrentRequestManager.get().getProperty(Access.PROPERTY);
        String holder = namespace.name() + '\n' + access.principal();
        int cap = namespace.config().maxBlockingCalls();
        return Uni.createFrom().deferred(() -> {
            boolean[] admitted = new boolean[1];
            open.compute(holder, (k, count) -> {
                int now = count == null ? 0 : count;
                admitted[0] = now < cap;
                return admitted[0] ? now + 1 : count;
            });
            if (!admitted[0]) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.TOO_MANY_BLOCKING_CALLS, "this caller already has "
                        + cap + " long polls open in namespace '" + namespace.name() + "'", Optional.of(RETRY_AFTER)));
            }
            return call.onTermination().invoke(() -> open.computeIfPresent(holder, (k, count) -> count > 1 ? count - 1 : null));
        });
    }
}
