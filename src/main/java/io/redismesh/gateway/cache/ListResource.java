package io.redismesh.gateway.cache;

import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.idempotency.Idempotent;
import io.redismesh.gateway.limit.BlockingCalls;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Redis lists: ranges, pushes at either end, pops with an optional long poll. */
@Path("/v1/namespaces/{ns}/lists/{key}")
@Tag(name = "Lists")
@Produces(MediaType.APPLICATION_JSON)
public class ListResource {

    static final int MAX_POP = 1000;

    @RegisterForReflection
    @Schema(name = "ListItems")
    record Items(@Schema(description = "UTF-8 text in textual namespaces, base64 otherwise") List<String> items) {
    }

    @RegisterForReflection
    @Schema(name = "ListPage")
    record ItemPage(@Schema(description = "UTF-8 text in textual namespaces, base64 otherwise") List<String> items,
            @Schema(description = "the index to pass as `start` for the next page; null after the range's last item") Long next) {
    }

    @RegisterForReflection
    @Schema(name = "ListLength")
    record Length(long length) {
    }

    private final NamespaceRegistry namespaces;
    private final ListStore store;
    private final BlockingCalls blockingCalls;

    public ListResource(NamespaceRegistry namespaces, ListStore store, BlockingCalls blockingCalls) {
        this.namespaces = namespaces;
        this.store = store;
        this.blockingCalls = blockingCalls;
    }

    @GET
    @Path("items")
    @Operation(summary = "Read a range of items", description = "LRANGE: `start`/`stop` are 0-based and inclusive, negative counts from the end "
            + "(default the whole list). Without `limit` the whole range must fit one page (the namespace's max-page-items and "
            + "max-page-bytes), else 400 page-too-large. With `limit` a page of at most that many items (and max-page-bytes) from "
            + "`start`: pass its `next` as `start` for the following page; `next` is null after the range's last item.")
    @APIResponse(responseCode = "200", description = "the items", content = @Content(schema = @Schema(implementation = ItemPage.class)))
    @APIResponse(responseCode = "400", description = "a bad parameter, or a range larger than one page without `limit` (page-too-large)")
    @APIResponse(responseCode = "413", description = "with `limit`: the page's first item alone exceeds max-page-bytes (value-too-large)")
    public Uni<ItemPage> range(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("start") Long start, @QueryParam("stop") Long stop,
            @QueryParam("limit") @Parameter(description = Cursors.LIMIT) Integer limit) {
        Namespace namespace = namespaces.resolve(ns);
        boolean whole = limit == null;
        int size = whole ? namespace.maxPageItems() : Cursors.pageSize(namespace, limit);
        return store.range(namespace, key, start == null ? 0 : start, stop == null ? -1 : stop, size, whole).map(page -> {
            List<String> items = page.items().stream().map(item -> ValueCodec.encode(namespace, item)).toList();
            return new ItemPage(items, items.size() < page.remaining() ? page.first() + items.size() : null);
        });
    }

    @POST
    @Path("items")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Push items", description = "The items read in the given order at that end of the list.")
    @APIResponse(responseCode = "200", description = "the list's length after the push", content = @Content(schema = @Schema(implementation = Length.class)))
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<Length> push(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("end") @Parameter(description = "head or tail (default)") String end, Items body) {
        Namespace namespace = namespaces.resolve(ns);
        if (body == null || body.items() == null || body.items().isEmpty() || body.items().size() > KeysResource.MAX_BATCH) {
            throw ProblemException.badRequest("items must hold 1 to " + KeysResource.MAX_BATCH + " values");
        }
        List<byte[]> items = body.items().stream().map(item -> {
            if (item == null) {
                throw ProblemException.badRequest("items must not be null");
            }
            byte[] bytes = ValueCodec.decode(namespace, item);
            namespace.requireValueSize(bytes.length);
            return bytes;
        }).toList();
        return store.push(namespace, key, items, head(end, false)).map(Length::new);
    }

    @POST
    @Path("items:pop")
    @Operation(summary = "Pop items", description = "Up to `count` items from that end. With `waitMillis`, an empty list is waited on "
            + "(a long poll, at most the namespace's max-wait) and one item is returned as soon as one is pushed.")
    @APIResponse(responseCode = "200", description = "the popped items (empty when none came)", content = @Content(schema = @Schema(implementation = Items.class)))
    @APIResponse(responseCode = "429", description = "`too-many-blocking-calls`: with waitMillis, the caller already has the namespace's "
            + "max-blocking-calls long polls open; `rate-limited`: over the namespace's rate-limit (both with Retry-After)")
    @APIResponse(responseCode = "503", description = "`backend-unavailable`: Redis did not answer, nothing was done; "
            + "`blocking-connections-busy`: with waitMillis, every connection for blocking calls (gateway.max-blocking-connections) waits already")
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<Items> pop(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("end") @Parameter(description = "head (default) or tail") String end,
            @QueryParam("count") @Parameter(description = "1..1000, default 1") Integer count,
            @QueryParam("waitMillis") @Parameter(description = "how long to wait on an empty list; default 0") Long waitMillis) {
        Namespace namespace = namespaces.resolve(ns);
        int items = count == null ? 1 : count;
        if (items < 1 || items > MAX_POP) {
            throw ProblemException.badRequest("count must be between 1 and " + MAX_POP);
        }
        Duration wait = namespace.requireWait(Duration.ofMillis(waitMillis == null ? 0 : waitMillis));
        return blockingCalls.hold(namespace, waitMillis, store.pop(namespace, key, items, head(end, true), wait))
                .map(popped -> encode(namespace, popped));
    }

    private static boolean head(String end, boolean fallback) {
        return switch (end == null ? (fallback ? "head" : "tail") : end) {
            case "head" -> true;
            case "tail" -> false;
            default -> throw ProblemException.badRequest("end is head or tail");
        };
    }

    private static Items encode(Namespace namespace, List<byte[]> items) {
        return new Items(items.stream().map(item -> ValueCodec.encode(namespace, item)).toList());
    }
}
