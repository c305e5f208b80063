package io.redismesh.gateway.stream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.idempotency.Idempotent;
import io.redismesh.gateway.cache.Cursors;
import io.redismesh.gateway.http.RawBody;
import io.redismesh.gateway.limit.BlockingCalls;
import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.sse.EventStreamRequest;
import io.redismesh.gateway.sse.SseFrames;
import io.redismesh.gateway.stream.StreamDtos.AckRequest;
import io.redismesh.gateway.stream.StreamDtos.Acked;
import io.redismesh.gateway.stream.StreamDtos.Appended;
import io.redismesh.gateway.stream.StreamDtos.ClaimRequest;
import io.redismesh.gateway.stream.StreamDtos.Claimed;
import io.redismesh.gateway.stream.StreamDtos.Claims;
import io.redismesh.gateway.stream.StreamDtos.GroupRequest;
import io.redismesh.gateway.stream.StreamDtos.Item;
import io.redismesh.gateway.stream.StreamDtos.Page;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;

/** Durable streams (Redis Streams): append, history, a resumable SSE feed, and consumer groups as work queues. */
@Path("/v1/namespaces/{ns}/streams/{stream}")
@Tag(name = "Streams")
public class StreamResource {

    static final int MAX_IDS = 1000;
    static final long DEFAULT_VISIBILITY_MILLIS = 30_000;
    private static final String FEED_DESCRIPTION = "A Server-Sent Event stream of the stream's entries: `event: message` with "
            + "`id:` = the entry id and the text in `data:` lines. It opens with `retry:`. Without a resume point it carries the entries "
            + "appended from then on; with `Last-Event-ID` (sent by EventSource when it reconnects; wins over `after`) or `?after=` it "
            + "first replays every retained entry after that id, then continues live, with nothing lost and nothing repeated "
            + "(`after=0` replays the whole stream). When the resume point was already trimmed away it first sends `event: gap` "
            + "with the oldest retained id as data. Also `event: overflow` (the client fell more than `gateway.sse.client-buffer` "
            + "events behind; reconnect to resume), `event: shutdown` (the instance drains; reconnect), and a `: keep-alive` comment "
            + "every `gateway.sse.heartbeat`. Browsers may pass the token as `?access_token=`.";
    private static final String BAD_ID = "a malformed entry id, cursor or parameter (bad-request), or an invalid name (invalid-name)";

    private final NamespaceRegistry namespaces;
    private final StreamStore store;
    private final StreamFeeds feeds;
    private final WorkQueues queues;
    private final BlockingCalls blockingCalls;

    StreamResource(NamespaceRegistry namespaces, StreamStore store, StreamFeeds feeds, WorkQueues queues, BlockingCalls blockingCalls) {
        this.blockingCalls = blockingCalls;
        this.namespaces = namespaces;
        this.store = store;
        this.feeds = feeds;
        this.queues = queues;
    }

    @POST
    @Path("messages")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Append an entry", description = "XADD the body (UTF-8 text, at most the namespace's max-value-size) as the "
            + "entry's `data`, trimming the stream approximately to the namespace's `stream-retention` (a count of entries or an age).")
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "201", description = "appended", content = @Content(schema = @Schema(implementation = Appended.class)),
            headers = @Header(name = "Location", description = "the entry"))
    @APIResponse(responseCode = "400", description = "the body is not UTF-8 text, or an invalid stream name")
    @APIResponse(responseCode = "413", description = "the body is larger than the namespace's max-value-size (value-too-large)")
    @RawBody
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<RestResponse<Appended>> append(@PathParam("ns") String ns, @PathParam("stream") String stream, byte[] body,
            @Context UriInfo uri) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        namespace.requireValueSize(body.length);
        SseFrames.requireText(body);
        return store.append(namespace, key, body).map(id -> {
            URI location = uri.getAbsolutePathBuilder().path(id).build();
            return RestResponse.ResponseBuilder.<Appended> created(location).entity(new Appended(id)).build();
        });
    }

    @GET
    @Path("messages")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read the history", description = "XRANGE: up to `limit` entries after `after` (exclusive), oldest first.")
    @APIResponse(responseCode = "200", description = "one page", content = @Content(schema = @Schema(implementation = Page.class)))
    @APIResponse(responseCode = "400", description = BAD_ID)
    public Uni<Page> history(@PathParam("ns") String ns, @PathParam("stream") String stream,
            @QueryParam("after") @Parameter(description = "an entry id (or a page's `next`); default 0, the start") String after,
            @QueryParam("limit") @Parameter(description = Cursors.LIMIT) Integer limit) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        EntryId from = after == null || after.isEmpty() ? EntryId.ZERO : EntryId.parse(after, "after");
        int size = Cursors.pageSize(namespace, limit);
        return store.after(key, from, size).map(entries -> new Page(entries.stream().map(Item::of).toList(),
                entries.size() == size ? entries.get(size - 1).id().toString() : null));
    }

    @GET
    @Path("messages/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read one entry", description = "The entry with this id, while the stream retains it.")
    @APIResponse(responseCode = "200", description = "the entry", content = @Content(schema = @Schema(implementation = Item.class)))
    @APIResponse(responseCode = "400", description = BAD_ID)
    @APIResponse(responseCode = "404", description = "no such entry (key-not-found): never appended, or trimmed away")
    public Uni<Item> entry(@PathParam("ns") String ns, @PathParam("stream") String stream, @PathParam("id") String id) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        EntryId entryId = EntryId.parse(id, "the entry id");
        return store.at(key, entryId).map(entry -> Item.of(entry.orElseThrow(() -> ProblemException.notInKey(id, stream))));
    }

    @GET
    @Path("events")
    @Operation(summary = "Follow the stream", description = FEED_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "the event stream",
            content = @Content(mediaType = EventStreamRequest.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = BAD_ID)
    @APIResponse(responseCode = "503", description = "Redis unavailable (backend-unavailable), or the instance serves "
            + "gateway.sse.max-connections streams already (too-many-streams); both with Retry-After")
    public Multi<byte[]> feed(@PathParam("ns") String ns, @PathParam("stream") String stream,
            @HeaderParam("Last-Event-ID") @Parameter(description = "resume after this entry id (EventSource sends it on reconnect)") String lastEventId,
            @QueryParam("after") @Parameter(description = "resume after this entry id; 0 replays every retained entry") String after,
            @Context HttpServerResponse response) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        Optional<EntryId> from = lastEventId != null && !lastEventId.isEmpty() ? Optional.of(EntryId.parse(lastEventId, "Last-Event-ID"))
                : after != null && !after.isEmpty() ? Optional.of(EntryId.parse(after, "after")) : Optional.empty();
        return feeds.open(key, from, response);
    }

    @PUT
    @Path("groups/{group}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a consumer group", description = "XGROUP CREATE ... MKSTREAM: a work queue over the stream. Idempotent: "
            + "an existing group is left as it is.")
    @APIResponse(responseCode = "201", description = "created (the stream too, if it did not exist)")
    @APIResponse(responseCode = "204", description = "the group exists already")
    @APIResponse(responseCode = "400", description = "`from` is neither earliest nor latest, or an invalid name")
    public Uni<RestResponse<Void>> createGroup(@PathParam("ns") String ns, @PathParam("stream") String stream,
            @PathParam("group") String group, GroupRequest request) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        Names.requireValid(group);
        String from = request == null || request.from() == null ? "latest" : request.from().toLowerCase(Locale.ROOT);
        if (!from.equals("earliest") && !from.equals("latest")) {
            throw ProblemException.badRequest("from must be earliest or latest");
        }
        return store.createGroup(key, group, from.equals("earliest"))
                .map(created -> created ? RestResponse.status(RestResponse.Status.CREATED) : RestResponse.noContent());
    }

    @POST
    @Path("groups/{group}/claims")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Claim entries", description = "Up to `count` entries for `consumer`: first those another claim left "
            + "unacknowledged for longer than `visibilityMillis` (delivered again, `deliveries` counts), then new ones. With "
            + "`waitMillis`, an empty claim waits for entries (a long poll holding no Redis connection). An entry that would be "
            + "delivered more than the namespace's `max-deliveries` times moves to the stream `<stream>.dead-letter` (with "
            + "`originalId` and `deliveries`) and is acknowledged in the group instead.")
    @APIResponse(responseCode = "200", description = "the claimed entries (none when the wait ended empty)",
            content = @Content(schema = @Schema(implementation = Claims.class)))
    @APIResponse(responseCode = "400", description = "consumer missing, count outside 1..1000, waitMillis outside 0..max-wait, "
            + "visibilityMillis not positive, or an invalid name")
    @APIResponse(responseCode = "404", description = "no such consumer group on the stream (group-not-found)")
    @APIResponse(responseCode = "429", description = "`too-many-blocking-calls`: with waitMillis, the caller already has the namespace's "
            + "max-blocking-calls long polls open; `rate-limited`: over the namespace's rate-limit (both with Retry-After)")
    public Uni<Claims> claim(@PathParam("ns") String ns, @PathParam("stream") String stream, @PathParam("group") String group,
            ClaimRequest request) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        byte[] deadLetters = namespace.deadLetterKey(stream);
        Names.requireValid(group);
        if (request == null || request.consumer() == null) {
            throw ProblemException.badRequest("consumer is required");
        }
        Names.requireValid(request.consumer());
        int count = request.count() == null ? 1 : request.count();
        if (count < 1 || count > MAX_IDS) {
            throw ProblemException.badRequest("count must be between 1 and " + MAX_IDS);
        }
        Duration wait = namespace.requireWait(Duration.ofMillis(request.waitMillis() == null ? 0 : request.waitMillis()));
        long visibility = request.visibilityMillis() == null ? DEFAULT_VISIBILITY_MILLIS : request.visibilityMillis();
        if (visibility < 1) {
            throw ProblemException.badRequest("visibilityMillis must be positive");
        }
        return blockingCalls.hold(namespace, request.waitMillis(),
                queues.claim(namespace, key, deadLetters, group, request.consumer(), count, visibility, wait))
                .map(claimed -> new Claims(claimed.stream()
                        .map(c -> new Claimed(c.entry().id().toString(), c.entry().data(), c.deliveries())).toList()));
    }

    @POST
    @Path("groups/{group}/acks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Acknowledge entries", description = "XACK: the entries are done and will not be delivered again. Safe to retry.")
    @APIResponse(responseCode = "200", description = "how many were pending", content = @Content(schema = @Schema(implementation = Acked.class)))
    @APIResponse(responseCode = "400", description = "ids missing, more than 1000, or not entry ids")
    public Uni<Acked> ack(@PathParam("ns") String ns, @PathParam("stream") String stream, @PathParam("group") String group,
            AckRequest request) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.streamKey(stream);
        Names.requireValid(group);
        if (request == null || request.ids() == null || request.ids().isEmpty() || request.ids().size() > MAX_IDS) {
            throw ProblemException.badRequest("ids must hold 1 to " + MAX_IDS + " entry ids");
        }
        List<EntryId> ids = request.ids().stream().map(id -> EntryId.parse(id == null ? "" : id, "an id")).toList();
        return store.ack(key, group, ids).map(Acked::new);
    }
}
