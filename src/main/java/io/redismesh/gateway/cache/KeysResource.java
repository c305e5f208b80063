package io.redismesh.gateway.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** The namespace's values as a collection: listing by SCAN and all-or-nothing batches. */
@Path("/v1/namespaces/{ns}")
@Tag(name = "Cache values")
@Produces(MediaType.APPLICATION_JSON)
public class KeysResource {

    static final int MAX_BATCH = 1000;

    private final NamespaceRegistry namespaces;
    private final ValueStore store;

    public KeysResource(NamespaceRegistry namespaces, ValueStore store) {
        this.namespaces = namespaces;
        this.store = store;
    }

    @GET
    @Path("keys")
    @Operation(summary = "List keys", description = "Pages through the namespace's keys of every Redis type by SCAN, each item naming its "
            + "`type` (a stream by its stream name). `prefix` is literal text (glob characters are data). A page holds at most `limit` keys, "
            + "fewer (even none) when the keyspace is sparse: follow `cursor` until it is null. A key present during the whole walk is "
            + "listed at least once (twice only when Redis resizes its table meanwhile, as SCAN does).")
    @APIResponse(responseCode = "200", description = "a page of keys", content = @Content(schema = @Schema(implementation = ValueDtos.KeyPage.class)))
    public Uni<ValueDtos.KeyPage> list(@PathParam("ns") String ns,
            @QueryParam("prefix") @Parameter(example = "user:") String prefix,
            @QueryParam("cursor") @Parameter(description = "from the previous page") String cursor,
            @QueryParam("limit") @Parameter(description = Cursors.LIMIT) Integer limit) {
        Namespace namespace = namespaces.resolve(ns);
        return store.list(namespace, prefix == null ? "" : prefix, Cursors.Position.decode(cursor), Cursors.pageSize(namespace, limit))
                .map(page -> new ValueDtos.KeyPage(IntStream.range(0, page.names().size())
                        .mapToObj(i -> new ValueDtos.KeyItem(page.names().get(i), page.types().get(i))).toList(),
                        Cursors.Position.encode(page.next())));
    }

    @POST
    @Path("keys:batchGet")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read many values in one round trip", description = "Items come back in request order; `value` is null for an absent key.")
    @APIResponse(responseCode = "200", description = "the values", content = @Content(schema = @Schema(implementation = ValueDtos.BatchGetResult.class)))
    public Uni<ValueDtos.BatchGetResult> batchGet(@PathParam("ns") String ns, ValueDtos.BatchGetRequest request) {
        Namespace namespace = namespaces.resolve(ns);
        List<String> keys = bounded(request == null ? null : request.keys(), "keys");
        return store.getMany(namespace, keys).map(values -> new ValueDtos.BatchGetResult(IntStream.range(0, keys.size())
                .mapToObj(i -> new ValueDtos.BatchItem(keys.get(i), values.get(i) == null ? null : ValueCodec.encode(namespace, values.get(i))))
                .toList()));
    }

    @POST
    @Path("keys:batchPut")
    @Produces(MediaType.WILDCARD) // no body: any Accept, problem+json included, may ask
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write many values, all or nothing", description = "One atomic script: either every item is written or none is. "
            + "On Redis Cluster the keys must share a hash slot (give them a common hash tag, e.g. `{order-42}:items`, `{order-42}:total`): "
            + "keys across slots are a 400 `cross-slot` and nothing is written.")
    @APIResponse(responseCode = "204", description = "every item is written")
    @APIResponse(responseCode = "400", description = "on Redis Cluster, keys in more than one hash slot (`cross-slot`); nothing is written")
    @APIResponse(responseCode = "409", description = "a key holds another Redis type; nothing is written")
    @APIResponse(responseCode = "413", description = "a value exceeds max-value-size; nothing is written")
    public Uni<Response> batchPut(@PathParam("ns") String ns, ValueDtos.BatchPutRequest request) {
        Namespace namespace = namespaces.resolve(ns);
        List<ValueDtos.BatchPutItem> items = bounded(request == null ? null : request.items(), "items");
        List<String> keys = new ArrayList<>(items.size());
        List<byte[]> values = new ArrayList<>(items.size());
        List<Optional<Duration>> ttls = new ArrayList<>(items.size());
        for (ValueDtos.BatchPutItem item : items) {
            if (item == null || item.key() == null || item.value() == null) {
                throw ProblemException.badRequest("every item needs a key and a value");
            }
            byte[] value = ValueCodec.decode(namespace, item.value());
            namespace.requireValueSize(value.length);
            keys.add(item.key());
            values.add(value);
            ttls.add(item.ttlMillis() == null ? namespace.defaultTtl() : Optional.of(namespace.requireTtl(Duration.ofMillis(item.ttlMillis()))));
        }
        return store.putMany(namespace, keys, values, ttls).map(done -> Response.noContent().build());
    }

    private static <T> List<T> bounded(List<T> list, String field) {
        if (list == null) {
            throw ProblemException.badRequest("'" + field + "' is required");
        }
        if (list.size() > MAX_BATCH) {
            throw ProblemException.badRequest("at most " + MAX_BATCH + " " + field + " per batch");
        }
        return list;
    }
}
