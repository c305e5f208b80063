package io.redismesh.gateway.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * Wakes this instance's waiters when a lease set they wait on is released anywhere: one Redis
 * subscription per instance (the release scripts publish the lease set's id), and a timer per
 * waiter instead of a thread. A missed message (Redis reconnecting) costs a waiter at most its
 * timer, which is bounded by {@link LeaseService}'s polling interval.
 */
@ApplicationScoped
class LeaseWakeUps {

    private final Map<String, Set<UniEmitter<? super Void>>> waiting = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final ReactiveRedisDataSource redis;
    private final LeaseStore store;
    private volatile Cancellable subscription;

    LeaseWakeUps(Vertx vertx, ReactiveRedisDataSource redis, LeaseStore store) {
        this.vertx = vertx;
        this.redis = redis;
        this.store = store;
    }

    void subscribe(@Observes StartupEvent started) {
        subscription = redis.pubsub(String.class).subscribe(store.wakeUpChannel())
                // the subscription ends or fails with its connection: take a new one when Redis is back
                .onCompletion().failWith(() -> new IllegalStateException("wake-up subscription ended"))
                .onFailure().invoke(failure -> Log.debugf("wake-up subscription lost: %s", failure))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(5)).indefinitely()
                .subscribe().with(this::wake, failure -> Log.errorf("wake-up subscription gave up: %s", failure));
    }

    @PreDestroy
    void unsubscribe() {
        if (subscription != null) {
            subscription.cancel();
        }
    }

    /** Completes on the next release of the lease set, or after {@code atMost}, whichever comes first. */
    Uni<Void> next(LeaseKeys keys, Duration atMost) {
        String id = keys.wakeUpId();
        return Uni.createFrom().emitter(emitter -> {
            waiting.compute(id, (key, waiters) -> {
                Set<UniEmitter<? super Void>> set = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
                set.add(emitter);
                return set;
            });
            long timer = vertx.setTimer(Math.max(1, atMost.toMillis()), ignored -> emitter.complete(null));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                waiting.computeIfPresent(id, (key, waiters) -> {
                    waiters.remove(emitter);
                    return waiters.isEmpty() ? null : waiters;
                });
            });
        });
    }

    private void wake(String id) {
        Set<UniEmitter<? super Void>> waiters = waiting.get(id);
        if (waiters != null) {
            waiters.forEach(emitter -> emitter.complete(null));
        }
    }
}
