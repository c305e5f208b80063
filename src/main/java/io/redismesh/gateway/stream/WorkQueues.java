package io.redismesh.gateway.stream;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.stream.StreamStore.ClaimedEntry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * Consumer-group claims that may wait ({@code waitMillis}). A waiting claim holds no connection and
 * no thread: it listens to the stream on the instance's {@link StreamReader} and tries again (one
 * non-blocking script run on a shared connection) whenever the stream gets new entries, and once
 * more when its wait ends (entries whose visibility timeout ran out meanwhile are claimable then).
 */
@ApplicationScoped
class WorkQueues {

    /** One claim attempt of the caller: its parameters fixed, run as often as needed. */
    interface Attempt {
        Uni<List<ClaimedEntry>> run();
    }

    private final StreamStore store;
    private final StreamReader reader;
    private final Vertx vertx;

    WorkQueues(StreamStore store, StreamReader reader, Vertx vertx) {
        this.store = store;
        this.reader = reader;
        this.vertx = vertx;
    }

    Uni<List<ClaimedEntry>> claim(Namespace namespace, byte[] key, byte[] deadLetterKey, String group, String consumer, int count,
            long visibilityMillis, Duration wait) {
        Attempt attempt = () -> store.claim(namespace, key, deadLetterKey, group, consumer, count, visibilityMillis);
        return attempt.run().flatMap(claimed -> claimed.isEmpty() && !wait.isZero() ? waitFor(key, wait, attempt)
                : Uni.createFrom().item(claimed));
    }

    private Uni<List<ClaimedEntry>> waitFor(byte[] key, Duration wait, Attempt attempt) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(attempt, emitter);
            reader.run(() -> waiter.start(key, wait));
            emitter.onTermination(() -> reader.run(waiter::leave));
        });
    }

    /** One waiting claim; its fields change on the reader's context only. */
    private final class Waiter implements StreamReader.Listener {
        private final Attempt attempt;
        private final UniEmitter<? super List<ClaimedEntry>> emitter;
        private StreamReader.Tail tail;
        private long timer = -1;
        private boolean running;
        private boolean again;
        private boolean expired;
        private boolean done;

        Waiter(Attempt attempt, UniEmitter<? super List<ClaimedEntry>> emitter) {
            this.attempt = attempt;
            this.emitter = emitter;
        }

        void start(byte[] key, Duration wait) {
            if (done) {
                return;
            }
            tail = reader.watch(key, this);
            timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> reader.run(() -> {
                expired = true;
                signal();
            }));
            // an entry appended between the first attempt and the watch reached no listener: try once the tail is known
            tail.whenKnown(this::signal);
        }

        @Override
        public void entries(List<StreamEntry> entries) {
            signal();
        }

        @Override
        public void gone() {
            if (done) {
                return;
            }
            tail = null;
            finish();
            emitter.fail(new ProblemException(ProblemType.WRONG_TYPE, "the key holds a value of another type"));
        }

        private void signal() {
            if (done) {
                return;
            }
            if (running) {
                again = true;
                return;
            }
            running = true;
            again = false;
            attempt.run().subscribe().with(claimed -> reader.run(() -> {
                running = false;
                if (!claimed.isEmpty() || expired) {
                    finish();
                    emitter.complete(claimed);
                } else if (again) {
                    signal();
                }
            }), failure -> reader.run(() -> {
                running = false;
                finish();
                emitter.fail(failure);
            }));
        }

        private void finish() {
            done = true;
            leave();
        }

        void leave() {
            done = true;
            if (tail != null) {
                tail.remove(this);
            }
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
    }
}
