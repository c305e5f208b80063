package io.redismesh.gateway.ops;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;

/**
 * Whether this instance is draining: set once, when Quarkus begins its graceful shutdown (SIGTERM).
 *
 * <p>Quarkus's shutdown runs in three steps: pre-shutdown (this bean flips, readiness turns DOWN,
 * responses carry {@code Connection: close}), then {@code quarkus.shutdown.delay} while the mesh
 * stops routing here (requests are still served), then up to {@code quarkus.shutdown.timeout} for
 * in-flight requests to finish. An open SSE stream is an in-flight request that never finishes by
 * itself, so its producer must end it when draining starts, or the instance waits out the whole timeout.
 *
 * <p>Event streams (channels, lease holds, stream feeds) open through {@code sse.SseStreams}, which
 * ends each with its farewell frame when draining starts and refuses to open new ones with
 * {@link #refusal()}, whatever the request's Accept; {@link DrainFilter} refuses requests that ask for
 * a stream by Accept even earlier, before authentication. Nothing else is refused.
 */
@ApplicationScoped
public class Drain {

    private final CompletableFuture<Void> started = new CompletableFuture<>();

    /** True from the moment shutdown begins. */
    public boolean draining() {
        return started.isDone();
    }

    /** Completes when draining starts (at once if it already has). Cancelling it never affects the drain. */
    public Uni<Void> started() {
        return Uni.createFrom().completionStage(started::copy);
    }

    /** The 503 {@code draining} answer to a new event stream: the client reconnects through the mesh to another instance. */
    public static ProblemException refusal() {
        return new ProblemException(ProblemType.DRAINING, "this instance is shutting down; reconnect to another",
                Optional.of(ProblemException.BACKEND_RETRY_AFTER));
    }

    /** Fired by Quarkus in pre-shutdown when {@code quarkus.shutdown.delay-enabled=true} (a build-time switch). */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        begin();
    }

    /** Starts draining; idempotent. */
    void begin() {
        if (started.complete(null)) {
            Log.info("draining: readiness DOWN, new event streams refused, open ones told to close");
        }
    }
}
