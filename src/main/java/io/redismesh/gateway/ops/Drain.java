package io.redismesh.gateway.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
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
 * <p>For SSE producers (pub/sub, lock holds, stream feeds):
 * <pre>{@code
 * Multi<OutboundSseEvent> events = ...;
 * return drain.untilDraining(events, () -> sse.newEventBuilder().name("shutdown").data("draining").build());
 * }</pre>
 * New event-stream GETs are refused with 503 while draining by {@link DrainFilter}; nothing else is.
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

    /**
     * {@code stream}'s items until draining starts, then {@code farewell} and completion (the upstream
     * is cancelled, which releases whatever it holds). Failures and completion of {@code stream} pass
     * through unchanged, and so does back-pressure: a slow client still meets the producer's own
     * overflow policy.
     */
    public <T> Multi<T> untilDraining(Multi<T> stream, Supplier<T> farewell) {
        return Multi.createFrom().deferred(() -> {
            AtomicBoolean drained = new AtomicBoolean();
            Multi<Object> items = stream.onItem().<Object>transform(item -> item).onCompletion().continueWith(Marker.END);
            Multi<Object> drainStarts = started().onItem().<Object>transform(ignored -> Marker.DRAIN).toMulti();
            return Multi.createBy().merging().streams(items, drainStarts)
                    .select().first(signal -> {
                        drained.compareAndSet(false, signal == Marker.DRAIN);
                        return !(signal instanceof Marker);
                    })
                    .onCompletion().switchTo(() -> drained.get() ? Multi.createFrom().item(farewell) : Multi.createFrom().empty())
                    .onItem().transform(Drain::<T>cast);
        });
    }

    private enum Marker {
        END, DRAIN
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object item) {
        return (T) item;
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
