package io.redismesh.gateway.lock;

import java.net.URI;

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
import io.redismesh.gateway.lock.LeaseDtos.LockState;
import io.redismesh.gateway.lock.LeaseDtos.RenewRequest;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** Lock leases with fencing tokens and fair waiting. */
@Path("/v1/namespaces/{ns}/locks/{name}")
@Tag(name = "Locks")
public class LockResource {

    private final NamespaceRegistry namespaces;
    private final LeaseService leases;
    private final LeaseEvents events;
    private final BlockingCalls blockingCalls;

    public LockResource(NamespaceRegistry namespaces, LeaseService leases, LeaseEvents events, BlockingCalls blockingCalls) {
        this.blockingCalls = blockingCalls;
        this.namespaces = namespaces;
        this.leases = leases;
        this.events = events;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inspect a lock", description = "Whether it is held, by whom (the holder text) and with which fencing token; never the lease id.")
    @APIResponse(responseCode = "200", description = "the lock's state", content = @Content(schema = @Schema(implementation = LockState.class)))
    public Uni<LockState> inspect(@PathParam("ns") String ns, @PathParam("name") String name) {
        return leases.inspect(namespaces.resolve(ns), LeaseKind.LOCK, name)
                .map(state -> new LockState(state.live() > 0, state.holder(), state.fencingToken(), state.ttlMillis()));
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Path("leases")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acquire the lock", description = "Grants a lease for `ttlMillis`, with a fencing token that strictly increases with every "
            + "acquisition of this lock. With `waitMillis`, waits for the lock; waiters are served in arrival order and woken by the release.")
    @APIResponse(responseCode = "201", description = "the lease", content = @Content(schema = @Schema(implementation = Lease.class)),
            headers = @Header(name = "Location", description = "the lease, for renew and release"))
    @APIResponse(responseCode = "409", description = "`lock-held`: another holder kept it through the wait (with Retry-After)",
            headers = @Header(name = "Retry-After", description = "seconds until the current lease lapses unless renewed"))
    @APIResponse(responseCode = "429", description = "`too-many-blocking-calls`: with waitMillis, the caller already has the namespace's "
            + "max-blocking-calls long polls open; `rate-limited`: over the namespace's rate-limit (both with Retry-After)")
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<RestResponse<Lease>> acquire(@PathParam("ns") String ns, @PathParam("name") String name, AcquireRequest request,
            @Context UriInfo uri) {
        Namespace namespace = namespaces.resolve(ns);
        return blockingCalls.hold(namespace, request == null ? null : request.waitMillis(),
                leases.acquire(namespace, LeaseKind.LOCK, name, request, 1)).map(lease -> created(uri, lease));
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @Path("leases/{leaseId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Renew a lease", description = "Sets the lease's remaining lifetime to `ttlMillis`; only the lease id's holder can.")
    @APIResponse(responseCode = "200", description = "the renewed lease", content = @Content(schema = @Schema(implementation = Lease.class)))
    @APIResponse(responseCode = "410", description = "`lease-lost`: the lease expired, was released, or is not this lock's")
    public Uni<Lease> renew(@PathParam("ns") String ns, @PathParam("name") String name, @PathParam("leaseId") String leaseId,
            RenewRequest request) {
        return leases.renew(namespaces.resolve(ns), LeaseKind.LOCK, name, leaseId, request);
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // no body: any Accept, problem+json included, may ask
    @Path("leases/{leaseId}")
    @Operation(summary = "Release a lease", description = "Frees the lock and wakes the next waiter; only the lease id's holder can.")
    @APIResponse(responseCode = "204", description = "released")
    @APIResponse(responseCode = "410", description = "`lease-lost`: the lease expired, was released, or is not this lock's")
    public Uni<Void> release(@PathParam("ns") String ns, @PathParam("name") String name, @PathParam("leaseId") String leaseId) {
        return leases.release(namespaces.resolve(ns), LeaseKind.LOCK, name, leaseId);
    }

    @GET
    @Path("leases/{leaseId}/events")
    // no @Produces: with text/event-stream there, the REST layer would re-frame sse.SseStream's frames
    @Operation(summary = "Hold a lease by stream", description = "For holders that cannot run a renew timer (a script, a browser): while the "
            + "stream is open the gateway renews the lease with its own TTL (`event: renewed`); when the client goes away it releases "
            + "it; `event: lost` ends the stream the moment the lease is lost.")
    @APIResponse(responseCode = "200", description = "the stream", content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
            schema = @Schema(implementation = LeaseEvent.class)))
    @APIResponse(responseCode = "410", description = "`lease-lost`: the lease expired, was released, or is not this lock's")
    @HeldByStream(LeaseKind.LOCK)
    public Multi<byte[]> hold(@PathParam("ns") String ns, @PathParam("name") String name, @PathParam("leaseId") String leaseId,
            @Context ContainerRequestContext request, @Context HttpServerResponse response) {
        return events.hold(namespaces.resolve(ns), LeaseKind.LOCK, name, leaseId, request, response);
    }

    static RestResponse<Lease> created(UriInfo uri, Lease lease) {
        URI location = uri.getAbsolutePathBuilder().path(lease.leaseId()).build();
        return RestResponse.ResponseBuilder.<Lease>created(location).entity(lease).build();
    }
}
