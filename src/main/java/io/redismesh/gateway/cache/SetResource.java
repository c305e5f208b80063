package io.redismesh.gateway.cache;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;

/** Redis sets: membership by path, members paged by SSCAN. */
@Path("/v1/namespaces/{ns}/sets/{key}/members")
@Tag(name = "Sets")
public class SetResource {

    @RegisterForReflection
    @Schema(name = "MemberItem")
    record MemberItem(String member) {
    }

    @RegisterForReflection
    @Schema(name = "MemberPage")
    record MemberPage(List<MemberItem> items,
            @Schema(description = "opaque cursor of the next page; null on the last page") String cursor) {
    }

    private final NamespaceRegistry namespaces;
    private final SetStore store;

    public SetResource(NamespaceRegistry namespaces, SetStore store) {
        this.namespaces = namespaces;
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List members", description = "Pages through the set by SSCAN; a page holds about `limit` members and at most the "
            + "namespace's max-page-bytes; follow `cursor` until it is null. A small set may come whole in one page.")
    @APIResponse(responseCode = "200", description = "a page of members", content = @Content(schema = @Schema(implementation = MemberPage.class)))
    @APIResponse(responseCode = "413", description = "the next member alone exceeds max-page-bytes (value-too-large)")
    public Uni<MemberPage> members(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("cursor") @Parameter(description = "from the previous page") String cursor,
            @QueryParam("limit") @Parameter(description = Cursors.LIMIT) Integer limit) {
        Namespace namespace = namespaces.resolve(ns);
        return store.members(namespace, key, Cursors.decode(cursor), Cursors.pageSize(namespace, limit))
                .map(page -> new MemberPage(page.members().stream().map(MemberItem::new).toList(), Cursors.next(page.next())));
    }

    @PUT
    @Path("{member}")
    @Operation(summary = "Add a member", description = "SADD: `201` when added, `204` when it was already a member.")
    @APIResponse(responseCode = "201", description = "added")
    @APIResponse(responseCode = "204", description = "already a member")
    public Uni<Response> add(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member) {
        return store.add(namespaces.resolve(ns), key, member).map(added -> Response.status(added ? 201 : 204).build());
    }

    @DELETE
    @Path("{member}")
    @Operation(summary = "Remove a member", description = "SREM; `204` whether or not it was a member.")
    @APIResponse(responseCode = "204", description = "removed")
    public Uni<Response> remove(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member) {
        return store.remove(namespaces.resolve(ns), key, member).map(done -> Response.noContent().build());
    }

    @GET
    @Path("{member}")
    @Operation(summary = "Test membership", description = "204 for a member, 404 otherwise.")
    @APIResponse(responseCode = "204", description = "a member")
    public Uni<Response> isMember(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member) {
        return store.requireMember(namespaces.resolve(ns), key, member).map(done -> Response.noContent().build());
    }
}
