package io.redismesh.gateway.pubsub;

import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.idempotency.Idempotent;
import io.redismesh.gateway.http.RawBody;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.redis.RedisExecutor;
import io.redismesh.gateway.sse.EventStreamRequest;
import io.redismesh.gateway.sse.SseFrames;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Redis pub/sub over Server-Sent Events: publish to a channel, subscribe to one, or to a pattern inside the namespace. */
@Path("/v1/namespaces/{ns}/channels")
@Tag(name = "Pub/Sub")
public class ChannelResource {

    private static final String UNAVAILABLE = "Redis unavailable (backend-unavailable), or the instance serves "
            + "gateway.sse.max-connections streams already (too-many-streams); both with Retry-After";
    private static final String STREAM_DESCRIPTION = "A Server-Sent Event stream. It opens with `retry:` once the Redis "
            + "subscription is live (nothing published after that is missed), then carries `event: message` with the payload in "
            + "`data:` lines (a multi-line payload is split into several `data:` lines; EventSource joins them with \\n), "
            + "`event: reconnected` after the gateway lost and re-established its Redis connection (messages published meanwhile "
            + "may be lost), `event: overflow` when the client fell more than `gateway.sse.client-buffer` events behind (the stream "
            + "then ends), `event: shutdown` when the instance drains, and a `: keep-alive` comment every `gateway.sse.heartbeat`. "
            + "Browsers may pass the token as `?access_token=` (RFC 6750), since EventSource cannot send headers.";

    @RegisterForReflection
    @Schema(name = "Published")
    record Published(@Schema(description = "Redis clients that received the message: gateway instances with subscribers count once each")
            long receivers) {
    }

    private final NamespaceRegistry namespaces;
    private final RedisExecutor redis;
    private final ChannelStreams streams;

    ChannelResource(NamespaceRegistry namespaces, RedisExecutor redis, ChannelStreams streams) {
        this.namespaces = namespaces;
        this.redis = redis;
        this.streams = streams;
    }

    @POST
    @Path("{channel}/messages")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseStatus(202)
    @Operation(summary = "Publish a message", description = "PUBLISH the body (UTF-8 text, at most the namespace's max-value-size) "
            + "to the channel's subscribers, wherever they are connected.")
    @RequestBody(content = @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "202", description = "published", content = @Content(schema = @Schema(implementation = Published.class)))
    @APIResponse(responseCode = "413", description = "the body is larger than the namespace's max-value-size (value-too-large)")
    @RawBody
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<Published> publish(@PathParam("ns") String ns, @PathParam("channel") String channel, byte[] body) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] key = namespace.key(channel);
        namespace.requireValueSize(body.length);
        SseFrames.requireText(body);
        return redis.send(Request.cmd(Command.PUBLISH).arg(key).arg(body)).map(receivers -> new Published(receivers.toLong()));
    }

    @GET
    @Path("{channel}/events")
    @Operation(summary = "Subscribe to a channel", description = STREAM_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "the event stream",
            content = @Content(mediaType = EventStreamRequest.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Multi<byte[]> subscribe(@PathParam("ns") String ns, @PathParam("channel") String channel, @Context HttpServerResponse response) {
        Namespace namespace = namespaces.resolve(ns);
        Topic topic = Topic.channel(new String(namespace.key(channel), StandardCharsets.UTF_8));
        return streams.open(topic, namespace.keyPrefix(), response);
    }

    @GET
    @Path("events")
    @Operation(summary = "Subscribe to the channels matching a pattern", description = STREAM_DESCRIPTION
            + " Here each message's `data:` is JSON `{\"channel\": \"<name>\", \"data\": \"<payload>\"}`.")
    @APIResponse(responseCode = "200", description = "the event stream",
            content = @Content(mediaType = EventStreamRequest.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public Multi<byte[]> subscribePattern(@PathParam("ns") String ns,
            @QueryParam("pattern") @Parameter(required = true, description = "a Redis glob (`*`, `?`, `[...]`, `\\` escapes) over "
                    + "channel names of this namespace only; at most " + Namespace.MAX_PATTERN_STARS + " `*`") String pattern,
            @Context HttpServerResponse response) {
        Namespace namespace = namespaces.resolve(ns);
        if (pattern == null) {
            throw ProblemException.badRequest("the pattern query parameter is required");
        }
        return streams.open(Topic.pattern(namespace.channelPattern(pattern)), namespace.keyPrefix(), response);
    }
}
