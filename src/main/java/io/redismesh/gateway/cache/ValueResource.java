package io.redismesh.gateway.cache;

import java.math.BigDecimal;
import java.time.Duration;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.idempotency.Idempotent;
import io.redismesh.gateway.http.RawBody;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Cache values: one Redis string per key, with strong ETags and HTTP preconditions. */
@Path("/v1/namespaces/{ns}")
@Tag(name = "Cache values")
public class ValueResource {

    private final NamespaceRegistry namespaces;
    private final ValueStore store;

    public ValueResource(NamespaceRegistry namespaces, ValueStore store) {
        this.namespaces = namespaces;
        this.store = store;
    }

    @GET
    @Path("keys/{key}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Read a value", description = "The stored bytes, with the namespace's Content-Type, a strong ETag and Cache-Control from the remaining TTL.")
    @APIResponse(responseCode = "200", description = "the value", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "If-None-Match matches the current ETag")
    @APIResponse(responseCode = "404", description = "no such namespace or key (namespace-not-found, key-not-found)")
    @APIResponse(responseCode = "413", description = "the stored value exceeds the namespace's max-value-size (value-too-large)")
    public Uni<Response> get(@PathParam("ns") String ns, @PathParam("key") @Parameter(example = "user:42") String key,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return read(ns, key, ifNoneMatch, true);
    }

    @HEAD
    @Path("keys/{key}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Read a value's metadata", description = "As GET, without the body.")
    @APIResponse(responseCode = "200", description = "the value exists")
    @APIResponse(responseCode = "304", description = "If-None-Match matches the current ETag")
    @APIResponse(responseCode = "404", description = "no such namespace or key")
    @APIResponse(responseCode = "413", description = "the stored value exceeds the namespace's max-value-size")
    public Uni<Response> head(@PathParam("ns") String ns, @PathParam("key") String key,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return read(ns, key, ifNoneMatch, false);
    }

    @PUT
    @Path("keys/{key}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Write a value", description = "Stores the body bytes. `If-None-Match: *` creates only; `If-Match: \"<etag>\"` is an atomic compare-and-set.")
    @RequestBody(description = "the value's bytes, stored as sent whatever the media type (text can be typed in Swagger UI)", content = {
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING), example = "hello, mesh"),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT), example = "{\"name\": \"Ada\"}"),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "201", description = "created; ETag of the new value")
    @APIResponse(responseCode = "204", description = "replaced; ETag of the new value")
    @APIResponse(responseCode = "404", description = "no such namespace")
    @APIResponse(responseCode = "412", description = "the precondition does not hold (precondition-failed)")
    @APIResponse(responseCode = "413", description = "the body exceeds the namespace's max-value-size (value-too-large)")
    @RawBody
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<Response> put(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("ttl") @Parameter(description = "milliseconds or ISO-8601 (PT30S); default: the namespace's default-ttl", example = "PT30S") String ttl,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            byte[] body) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] value = body == null ? new byte[0] : body;
        namespace.requireValueSize(value.length);
        String etag = EntityTags.of(value);
        return store.write(namespace, key, value, Ttl.forWrite(namespace, ttl), Precondition.of(ifMatch, ifNoneMatch))
                .map(written -> response(ValueAnswer.written(written, etag)));
    }

    @DELETE
    @Path("keys/{key}")
    @Operation(summary = "Delete a value", description = "Honours `If-Match`.")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "no such namespace or key")
    @APIResponse(responseCode = "412", description = "If-Match does not hold")
    public Uni<Response> delete(@PathParam("ns") String ns, @PathParam("key") String key, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return store.delete(namespaces.resolve(ns), key, Precondition.of(ifMatch, null))
                .map(deleted -> Response.noContent().build());
    }

    @GET
    @Path("keys/{key}/ttl")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a value's remaining TTL", description = "`ttlMillis` is null for a persistent value.")
    @APIResponse(responseCode = "200", description = "the remaining TTL", content = @Content(schema = @Schema(implementation = ValueDtos.Ttl.class)))
    @APIResponse(responseCode = "404", description = "no such namespace or key")
    public Uni<ValueDtos.Ttl> ttl(@PathParam("ns") String ns, @PathParam("key") String key) {
        return store.ttl(namespaces.resolve(ns), key)
                .map(ttl -> new ValueDtos.Ttl(ttl.isPresent() ? ttl.getAsLong() : null));
    }

    @PUT
    @Path("keys/{key}/ttl")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a value's TTL", description = "Bounded by the namespace's max-ttl.")
    @APIResponse(responseCode = "204", description = "the TTL is set")
    @APIResponse(responseCode = "404", description = "no such namespace or key")
    public Uni<Response> setTtl(@PathParam("ns") String ns, @PathParam("key") String key, ValueDtos.Ttl ttl) {
        Namespace namespace = namespaces.resolve(ns);
        if (ttl == null || ttl.ttlMillis() == null) {
            throw ProblemException.badRequest("ttlMillis is required; DELETE the ttl to make the value persistent");
        }
        return store.expire(namespace, key, namespace.requireTtl(Duration.ofMillis(ttl.ttlMillis())))
                .map(done -> Response.noContent().build());
    }

    @DELETE
    @Path("keys/{key}/ttl")
    @Operation(summary = "Make a value persistent", description = "Removes the TTL (PERSIST); the value stays until deleted.")
    @APIResponse(responseCode = "204", description = "the value no longer expires")
    @APIResponse(responseCode = "404", description = "no such namespace or key")
    public Uni<Response> persist(@PathParam("ns") String ns, @PathParam("key") String key) {
        return store.persist(namespaces.resolve(ns), key).map(done -> Response.noContent().build());
    }

    @POST
    @Path("keys/{key}/increment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Increment a numeric value", description = "Integer `by` uses INCRBY, decimal INCRBYFLOAT; a missing key counts from 0.")
    @APIResponse(responseCode = "200", description = "the new value", content = @Content(schema = @Schema(implementation = ValueDtos.IncrementResult.class)))
    @APIResponse(responseCode = "404", description = "no such namespace")
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<ValueDtos.IncrementResult> increment(@PathParam("ns") String ns, @PathParam("key") String key, ValueDtos.IncrementRequest request) {
        BigDecimal by = request == null || request.by() == null ? BigDecimal.ONE : request.by();
        return store.increment(namespaces.resolve(ns), key, by).map(ValueDtos.IncrementResult::new);
    }

    private Uni<Response> read(String ns, String key, String ifNoneMatch, boolean withBody) {
        Namespace namespace = namespaces.resolve(ns);
        return store.read(namespace, key).map(value -> response(ValueAnswer.of(namespace, value, ifNoneMatch, withBody)));
    }

    private static Response response(ValueAnswer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        answer.headers().forEach(response::header);
        return response.build();
    }
}
