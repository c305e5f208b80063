package io.redismesh.gateway.lock;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** JSON bodies of the lock and semaphore calls. */
final class LeaseDtos {

    private LeaseDtos() {
    }

    @RegisterForReflection
    @Schema(name = "AcquireRequest")
    record AcquireRequest(
            @Schema(required = true, description = "how long the lease lasts unless renewed; at most the namespace's max-ttl", examples = "30000") Long ttlMillis,
            @Schema(description = "how long to wait for the lock, in arrival order; default 0, at most the namespace's max-wait", examples = "5000") Long waitMillis,
            @Schema(description = "free text shown by inspect (who holds it); at most 256 characters", examples = "billing-job@pod-7") String holder,
            @Schema(description = "semaphores only: how many leases may be held at once", examples = "3") Integer permits) {
    }

    @RegisterForReflection
    @Schema(name = "RenewRequest")
    record RenewRequest(@Schema(required = true, description = "the lease's new remaining lifetime", examples = "30000") Long ttlMillis) {
    }

    @RegisterForReflection
    @Schema(name = "Lease")
    record Lease(
            @Schema(description = "the lock's or semaphore's name") String lock,
            @Schema(description = "the lease's secret: only its holder can renew or release it") String leaseId,
            @Schema(description = "strictly increases with every acquisition of this lock; pass it to the protected resource", examples = "42") long fencingToken,
            long ttlMillis,
            @Schema(description = "when the lease lapses unless renewed (ISO-8601, Redis clock)") String expiresAt) {
    }

    @RegisterForReflection
    @Schema(name = "LockState")
    record LockState(boolean held,
            @Schema(description = "the holder text of the current lease") String holder,
            @Schema(description = "the current lease's fencing token, or the last one issued when free") Long fencingToken,
            @Schema(description = "how long the current lease has left") long ttlMillis) {
    }

    @RegisterForReflection
    @Schema(name = "SemaphoreState")
    record SemaphoreState(@Schema(description = "the permits of the current holders; null when none") Integer permits,
            @Schema(description = "leases held now") long held) {
    }

    /** Absent fields are left out (a lost event has no expiresAt, a renewed one no reason). */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "LeaseEvent")
    record LeaseEvent(@Schema(description = "renewed: the lease was extended; lost: it is no longer held; shutdown: this instance drains, the lease stays held until its TTL (both end the stream)") String event,
            Long fencingToken, String expiresAt, String reason) {
    }
}
