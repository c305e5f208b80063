package io.redismesh.gateway.lock;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.redismesh.gateway.lock.LeaseDtos.AcquireRequest;
import io.redismesh.gateway.lock.LeaseDtos.Lease;
import io.redismesh.gateway.lock.LeaseDtos.LeaseEvent;
import io.redismesh.gateway.lock.LeaseDtos.RenewRequest;
import io.redismesh.gateway.lock.LeaseStore.Granted;
import io.redismesh.gateway.lock.LeaseStore.PermitsMismatch;
import io.redismesh.gateway.lock.LeaseStore.Refused;
import io.redismesh.gateway.lock.LeaseStore.Renewal;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.ops.Drain;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Leases on locks and semaphores: acquisition with fair waiting (a queue in Redis, so arrival order
 * holds across gateway replicas), renewal and release by the lease id only, and leases held by a
 * stream. Waiting costs a timer and a Redis round trip per wake-up, never a thread.
 */
@ApplicationScoped
class LeaseService {

    /** How often a waiter asks again without a wake-up; it also keeps its place in the queue alive. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** A queued waiter whose gateway stops asking (stopped, client gone) loses its place after this. */
    static final Duration WAITER_TTL = POLL.multipliedBy(3);
    /** A stream-held lease is renewed at least this often (it doubles as the stream's keep-alive). */
    static final Duration MAX_RENEW_PERIOD = Duration.ofSeconds(15);
    static final int MAX_HOLDER_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern LEASE_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final LeaseStore store;
    private final LeaseWakeUps wakeUps;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Drain drain;
    private final Timer waitTime;

    LeaseService(LeaseStore store, LeaseWakeUps wakeUps, Vertx vertx, MeterRegistry meters, Drain drain) {
        this.store = store;
        this.wakeUps = wakeUps;
        this.vertx = vertx;
        this.meters = meters;
        this.drain = drain;
        this.waitTime = Timer.builder("gateway.lock.wait").description("time from an acquire request to its lease or refusal")
                .register(meters);
    }

    /** 128 random bits, URL-safe: unguessable, so the id is the holder's proof. */
    static String newLeaseId() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** A well-formed lease id, or the lease is simply not one we hold: 410 without asking Redis. */
    static String requireLeaseId(String leaseId, String name) {
        if (leaseId == null || !LEASE_ID.matcher(leaseId).matches()) {
            throw leaseLost(name);
        }
        return leaseId;
    }

    static String requireHolder(String holder) {
        if (holder == null) {
            return "";
        }
        if (holder.length() > MAX_HOLDER_LENGTH || holder.codePoints().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("holder must be at most " + MAX_HOLDER_LENGTH + " characters without control characters");
        }
        return holder;
    }

    Uni<Lease> acquire(Namespace namespace, LeaseKind kind, String name, AcquireRequest request, int permits) {
        if (request == null || request.ttlMillis() == null) {
            throw ProblemException.badRequest("ttlMillis is required");
        }
        Duration ttl = namespace.requireTtl(Duration.ofMillis(request.ttlMillis()));
        Duration wait = namespace.requireWait(Duration.ofMillis(request.waitMillis() == null ? 0 : request.waitMillis()));
        return acquire(LeaseKeys.of(namespace, kind, name), ttl, wait, permits, requireHolder(request.holder()));
    }

    private Uni<Lease> acquire(LeaseKeys keys, Duration ttl, Duration wait, int permits, String holder) {
        String leaseId = newLeaseId();
        long started = System.nanoTime();
        long deadline = started + wait.toNanos();
        // a caller that may wait queues up, and keeps its place alive by asking again
        Duration waiterTtl = wait.isZero() ? Duration.ZERO : WAITER_TTL;
        LeaseWakeUps.Ear ear = wait.isZero() ? null : wakeUps.open(keys);
        return attempt(keys, leaseId, ttl, permits, holder, waiterTtl, deadline, ear)
                .onTermination().invoke(() -> {
                    if (ear != null) {
                        ear.close();
                    }
                })
                // the client went away while waiting: give its place up now, not when the queue notices
                .onCancellation().call(() -> store.abandon(keys, leaseId))
                .onTermination().invoke((lease, failure, cancelled) -> {
                    waitTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    String outcome = lease != null ? "acquired"
                            : cancelled ? "abandoned"
                            : failure instanceof ProblemException p && p.type == ProblemType.LOCK_HELD ? "held" : "failed";
                    meters.counter("gateway.lock.acquisitions", "outcome", outcome).increment();
                });
    }

    private Uni<Lease> attempt(LeaseKeys keys, String leaseId, Duration ttl, int permits, String holder, Duration waiterTtl,
            long deadline, LeaseWakeUps.Ear ear) {
        return store.acquire(keys, leaseId, ttl, permits, holder, waiterTtl).flatMap(attempt -> {
            if (attempt instanceof Granted granted) {
                Log.debugf("lease granted, fencing token %d", granted.fencingToken());
                return Uni.createFrom().item(new Lease(keys.name(), leaseId, granted.fencingToken(), ttl.toMillis(),
                        Instant.ofEpochMilli(granted.expiresAtMillis()).toString()));
            }
            if (attempt instanceof PermitsMismatch mismatch) {
                return Uni.createFrom().<Lease>failure(new ProblemException(ProblemType.PERMITS_MISMATCH,
                        "the semaphore is held with " + mismatch.inUse() + " permits; every holder must ask for the same number"));
            }
            Duration retryIn = ((Refused) attempt).retryIn();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                ProblemException held = new ProblemException(ProblemType.LOCK_HELD,
                        "'" + keys.name() + "' is held; no permit came free within the wait",
                        Optional.of(Duration.ofSeconds((retryIn.toMillis() + 999) / 1000)));
                return waiterTtl.isZero() ? Uni.createFrom().<Lease>failure(held)
                        : store.abandon(keys, leaseId).chain(() -> Uni.createFrom().<Lease>failure(held));
            }
            Duration pause = min(min(retryIn, POLL), Duration.ofNanos(remaining));
            return ear.next(pause).flatMap(woken -> attempt(keys, leaseId, ttl, permits, holder, waiterTtl, deadline, ear));
        });
    }

    Uni<Lease> renew(Namespace namespace, LeaseKind kind, String name, String leaseId, RenewRequest request) {
        if (request == null || request.ttlMillis() == null) {
            throw ProblemException.badRequest("ttlMillis is required");
        }
        Duration ttl = namespace.requireTtl(Duration.ofMillis(request.ttlMillis()));
        LeaseKeys keys = LeaseKeys.of(namespace, kind, name);
        return store.renew(keys, requireLeaseId(leaseId, name), ttl).map(renewal -> {
            if (renewal == null) {
                throw leaseLost(keys);
            }
            return new Lease(keys.name(), leaseId, renewal.fencingToken(), renewal.ttlMillis(),
                    Instant.ofEpochMilli(renewal.expiresAtMillis()).toString());
        });
    }

    Uni<Void> release(Namespace namespace, LeaseKind kind, String name, String leaseId) {
        LeaseKeys keys = LeaseKeys.of(namespace, kind, name);
        return store.release(keys, requireLeaseId(leaseId, name)).invoke(released -> {
            if (!released) {
                throw leaseLost(keys);
            }
        }).replaceWithVoid();
    }

    /**
     * Holds a lease for as long as the stream is consumed, from its first renewal ({@link #renewLive}):
     * renews it with its own TTL (every third of it, and at least every 15 s), ends with {@code lost} the moment a renewal is refused or
     * cannot be confirmed before the lease would lapse, and releases it when the consumer leaves —
     * unless this instance is draining: then the stream ends with {@code shutdown} and the lease lives
     * on for its TTL, so that the client can hold it again through another replica.
     */
    Multi<LeaseEvent> hold(Namespace namespace, LeaseKind kind, String name, String leaseId, Renewal first) {
        LeaseKeys keys = LeaseKeys.of(namespace, kind, name);
        Duration period = min(MAX_RENEW_PERIOD, Duration.ofMillis(Math.max(50, first.ttlMillis() / 3)));
        return Multi.createFrom().emitter(emitter -> {
            AtomicLong heldUntil = new AtomicLong(first.heldUntilLocalMillis());
            AtomicBoolean lost = new AtomicBoolean();
            Consumer<String> lose = reason -> {
                if (lost.compareAndSet(false, true)) {
                    meters.counter("gateway.lock.acquisitions", "outcome", "lost").increment();
                    emitter.emit(new LeaseEvent("lost", null, null, reason));
                    emitter.complete();
                }
            };
            emitter.emit(renewed(first));
            long timer = vertx.setPeriodic(period.toMillis(), tick -> store.renew(keys, leaseId, Duration.ZERO).subscribe().with(renewal -> {
                if (renewal == null) {
                    lose.accept("the lease expired or was released");
                } else if (!lost.get()) {
                    heldUntil.set(renewal.heldUntilLocalMillis());
                    emitter.emit(renewed(renewal));
                }
            }, failure -> {
                // Redis away: the lease may still be held, but only until it would lapse unrenewed
                vertx.setTimer(Math.max(1, heldUntil.get() - System.currentTimeMillis()), check -> {
                    if (System.currentTimeMillis() >= heldUntil.get()) {
                        lose.accept("the lease could not be renewed before it lapsed");
                    }
                });
            }));
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                // a stream ended by a drain keeps its lease: the client re-attaches through another replica
                if (!lost.get() && !drain.draining()) {
                    store.release(keys, leaseId).subscribe().with(released -> Log.debugf("stream-held lease released: %s", released),
                            failure -> Log.warnf("stream-held lease not released, it lapses by its TTL: %s", failure.getMessage()));
                }
            });
        });
    }

    /** Renews a live lease with its own TTL (the first renewal of a stream-held lease), or fails with lease-lost. */
    Uni<Renewal> renewLive(Namespace namespace, LeaseKind kind, String name, String leaseId) {
        LeaseKeys keys = LeaseKeys.of(namespace, kind, name);
        return store.renew(keys, requireLeaseId(leaseId, name), Duration.ZERO).invoke(renewal -> {
            if (renewal == null) {
                throw leaseLost(keys);
            }
        });
    }

    Uni<LeaseStore.State> inspect(Namespace namespace, LeaseKind kind, String name) {
        return store.inspect(LeaseKeys.of(namespace, kind, name));
    }

    private static LeaseEvent renewed(Renewal renewal) {
        return new LeaseEvent("renewed", renewal.fencingToken(), Instant.ofEpochMilli(renewal.expiresAtMillis()).toString(), null);
    }

    private static ProblemException leaseLost(LeaseKeys keys) {
        return leaseLost(keys.name());
    }

    private static ProblemException leaseLost(String name) {
        return new ProblemException(ProblemType.LEASE_LOST, "no live lease with this id on '" + name + "': it expired, was released or never existed");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
