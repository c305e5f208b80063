package io.redismesh.gateway.lock;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.idempotency.Idempotent;
import io.redismesh.gateway.limit.BlockingCalls;
import io.redismesh.gateway.lock.LeaseDtos.AcquireRequest;
import io.redismesh.gateway.lock.LeaseDtos.Lease;
import io.redismesh.gateway.lock.LeaseDtos.LeaseEvent;
import io.redismesh.gateway.lock.LeaseDtos.RenewRequest;
import io.redismesh.gateway.lock.LeaseDtos.SemaphoreState;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** Semaphores: at most {@code permits} leases at once, with the lock's lease semantics. */
@Path("/v1/namespaces/{ns}/semaphores/{name}")
@Tag(name = "Semaphores")
public class SemaphoreResource {

    static final int MAX_PERMITS = 100_000;

    private final NamespaceRegistry namespaces;
    private final LeaseService leases;
    private final LeaseEvents events;
    private final BlockingCalls blockingCalls;

    public SemaphoreResource(NamespaceRegistry namespaces, LeaseService leases, LeaseEvents events, BlockingCalls blockingCalls) {
        this.blockingCalls = blockingCalls;
        this.namespaces = namespaces;
        this.leases = leases;
        this.events = events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inspect a semaphore", description = "Its permits and how many leases are held now; never a lease id.")
    @APIResponse(responseCode = "200", description = "the semaphore's state", content = @Content(schema = @Schema(implementation = SemaphoreState.class)))
    public Uni<SemaphoreState> inspect(@PathParam("ns") String ns, @PathParam("name") String name) {
        return leases.inspect(namespaces.resolve(ns), LeaseKind.SEMAPHORE, name)
                .map(state -> new SemaphoreState(state.live() > 0 ? state.permits() : null, state.live()));
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Path("leases")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Take a permit", description = "Grants a lease on one of `permits` slots for `ttlMillis`. With `waitMillis`, waits for a "
            + "slot, in arrival order. Every holder must ask for the same `permits`; lapsed holders free their slot.")
    @APIResponse(responseCode = "201", description = "the lease", content = @Content(schema = @Schema(implementation = Lease.class)),
            headers = @Header(name = "Location", description = "the lease, for renew and release"))
    @APIResponse(responseCode = "409", description = "`lock-held`: no slot came free within the wait (with Retry-After); "
            + "`permits-mismatch`: the semaphore is held with another number of permits")
    @APIResponse(responseCode = "429", description = "`too-many-blocking-calls`: with waitMillis, the caller already has the namespace's "
            + "max-blocking-calls long polls open; `rate-limited`: over the namespace's rate-limit (both with Retry-After)")
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<RestResponse<Lease>> acquire(@PathParam("ns") String ns, @PathParam("name") String name, AcquireRequest request,
            @Context UriInfo uri) {
        if (request == null || request.permits() == null || request.permits() < 1 || request.permits() > MAX_PERMITS) {
            throw ProblemException.badRequest("permits must be between 1 and " + MAX_PERMITS);
        }
        Namespace namespace = namespaces.resolve(ns);
        return blockingCalls.hold(namespace, request.waitMillis(),
                leases.acquire(namespace, LeaseKind.SEMAPHORE, name, request, request.permits())).map(lease -> LockResource.created(uri, lease));
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @Path("leases/{leaseId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew a lease", description = "Sets the lease's remaining lifetime to `ttlMillis`; only the lease id's holder can.")
    @APIResponse(responseCode = "200", description = "the renewed lease", content = @Content(schema = @Schema(implementation = Lease.class)))
    @APIResponse(responseCode = "410", description = "`lease-lost`: the lease expired, was released, or is not this semaphore's")
    public Uni<Lease> renew(@PathParam("ns") String ns, @PathParam("name") String name, @PathParam("leaseId") String leaseId,
            RenewRequest request) {
        return leases.renew(namespaces.resolve(ns), LeaseKind.SEMAPHORE, name, leaseId, request);
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // no body: any Accept, problem+json included, may ask
    @Path("leases/{leaseId}")
    @Operation(summary = "Release a lease", description = "Frees the slot and wakes the next waiter; only the lease id's holder can.")
    @APIResponse(responseCode = "204", description = "released")
    @APIResponse(responseCode = "410", description = "`lease-lost`: the lease expired, was released, or is not this semaphore's")
    public Uni<Void> release(@PathParam("ns") String ns, @PathParam("name") String name, @PathParam("leaseId") String leaseId) {
        return leases.release(namespaces.resolve(ns), LeaseKind.SEMAPHORE, name, leaseId);
    }

    @GET
    @Path("leases/{leaseId}/events")
    // no @Produces: with text/event-stream there, the REST layer would re-frame sse.SseStream's frames
    @Operation(summary = "Hold a lease by stream", description = "As for locks: renewed while the stream is open (`event: renewed`), "
            + "released when the client goes away, `event: lost` when it is lost.")
    @APIResponse(responseCode = "200", description = "the stream", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(implementation = LeaseEvent.class)))
    @APIResponse(responseCode = "410", description = "`lease-lost`: the lease expired, was released, or is not this semaphore's")
    @HeldByStream(LeaseKind.SEMAPHORE)
    public Multi<byte[]> hold(@PathParam("ns") String ns, @PathParam("name") String name, @PathParam("leaseId") String leaseId,
            @Context ContainerRequestContext request, @Context HttpServerResponse response) {
        return events.hold(namespaces.resolve(ns), LeaseKind.SEMAPHORE, name, leaseId, request, response);
    }
}
