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

    private final Map<String, Set<Ear>> waiting = new ConcurrentHashMap<>();
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

    /**
     * A waiter's ear on its lease set, opened before it asks Redis: a release published between
     * Redis's refusal and the wait is heard, instead of costing the waiter a polling interval.
     */
    final class Ear {
        private final String id;
        private volatile boolean rung;
        private volatile UniEmitter<? super Void> waiter;

        private Ear(String id) {
            this.id = id;
        }

        /** Completes on a release heard since the ear opened (or since the last wait), or after {@code atMost}. */
        Uni<Void> next(Duration atMost) {
            return Uni.createFrom().emitter(emitter -> {
                waiter = emitter;
                if (rung) {
                    rung = false;
                    emitter.complete(null);
                    return;
                }
                long timer = vertx.setTimer(Math.max(1, atMost.toMillis()), ignored -> emitter.complete(null));
                emitter.onTermination(() -> {
                    vertx.cancelTimer(timer);
                    waiter = null;
                    rung = false;
                });
            });
        }

        private void ring() {
            UniEmitter<? super Void> current = waiter;
            if (current != null) {
                current.complete(null);
            } else {
                rung = true;
            }
        }

        void close() {
            waiting.computeIfPresent(id, (key, ears) -> {
                ears.remove(this);
                return ears.isEmpty() ? null : ears;
            });
        }
    }

    /** Opens an ear on the lease set; close it when the caller stops waiting. */
    Ear open(LeaseKeys keys) {
        Ear ear = new Ear(keys.wakeUpId());
        waiting.compute(ear.id, (key, ears) -> {
            Set<Ear> set = ears == null ? ConcurrentHashMap.newKeySet() : ears;
            set.add(ear);
            return set;
        });
        return ear;
    }

    @Override
    public void live(boolean again) {
        // nothing to advise: a wake-up missed during an outage costs a waiter at most its timer
    }

    @Override
    public void message(Subscriptions.Message message) {
        Set<Ear> ears = waiting.get(message.payload());
        if (ears != null) {
            ears.forEach(Ear::ring);
        }
    }
}
