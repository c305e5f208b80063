package io.redismesh.gateway.lock;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.pubsub.Subscriptions;
import io.redismesh.gateway.pubsub.Topic;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;

/**
 * Wakes this instance's waiters when a lease set they wait on is released anywhere: a listener of
 * the instance's shared subscription connection ({@link Subscriptions}) on the wake-up channel (the
 * release scripts publish the lease set's id), and a timer per waiter instead of a thread. A missed
 * message (Redis reconnecting) costs a waiter at most its timer, which is bounded by
 * {@link LeaseService}'s polling interval.
 */
@ApplicationScoped
class LeaseWakeUps implements Subscriptions.Listener {

    private final Map<String, Set<UniEmitter<? super Void>>> waiting = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final Subscriptions subscriptions;
    private final Topic channel;

    LeaseWakeUps(Vertx vertx, Subscriptions subscriptions, GatewayConfig config) {
        this.vertx = vertx;
        this.subscriptions = subscriptions;
        this.channel = Topic.channel(LeaseKeys.wakeUpChannel(config));
    }

    /** For the instance's lifetime: the subscription connection follows Redis through outages and stops at shutdown. */
    void listen(@Observes StartupEvent started) {
        subscriptions.listen(channel, this);
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

    @Override
    public void live(boolean again) {
        // nothing to advise: a wake-up missed during an outage costs a waiter at most its timer
    }

    @Override
    public void message(Subscriptions.Message message) {
        Set<UniEmitter<? super Void>> waiters = waiting.get(message.payload());
        if (waiters != null) {
            waiters.forEach(emitter -> emitter.complete(null));
        }
    }
}
