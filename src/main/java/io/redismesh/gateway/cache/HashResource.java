package io.redismesh.gateway.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.redismesh.gateway.http.RawBody;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.Problem;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Redis hashes: the whole hash as a JSON object of field values, or one field's bytes. */
@Path("/v1/namespaces/{ns}/hashes/{key}")
@Tag(name = "Hashes")
public class HashResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final NamespaceRegistry namespaces;
    private final HashStore store;

    public HashResource(NamespaceRegistry namespaces, HashStore store) {
        this.namespaces = namespaces;
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a whole hash", description = "Field values are UTF-8 text in textual namespaces, base64 otherwise.")
    @APIResponse(responseCode = "200", description = "the fields", content = @Content(schema = @Schema(type = SchemaType.OBJECT, additionalProperties = String.class)))
    public Uni<Map<String, String>> read(@PathParam("ns") String ns, @PathParam("key") String key) {
        Namespace namespace = namespaces.resolve(ns);
        return store.read(namespace, key).map(fields -> {
            Map<String, String> json = new LinkedHashMap<>();
            fields.forEach((field, value) -> json.put(field, ValueCodec.encode(namespace, value)));
            return json;
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a hash", description = "The hash becomes exactly these fields, atomically. An empty object deletes it.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "204", description = "replaced")
    public Uni<Response> replace(@PathParam("ns") String ns, @PathParam("key") String key, Map<String, String> fields) {
        return write(ns, key, fields, true);
    }

    @PATCH
    @Consumes({ MediaType.APPLICATION_JSON, MERGE_PATCH })
    @Operation(summary = "Merge fields into a hash", description = "JSON merge patch: fields given are set, fields given as null are removed, others stay.")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "204", description = "merged")
    public Uni<Response> merge(@PathParam("ns") String ns, @PathParam("key") String key, Map<String, String> fields) {
        return write(ns, key, fields, false);
    }

    @DELETE
    @Operation(summary = "Delete a hash", description = "Removes the hash with all its fields; `204` also when it did not exist.")
    @APIResponse(responseCode = "204", description = "deleted")
    public Uni<Response> delete(@PathParam("ns") String ns, @PathParam("key") String key) {
        return store.delete(namespaces.resolve(ns), key).map(done -> Response.noContent().build());
    }

    @GET
    @Path("fields/{field}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Read one field", description = "The field's bytes, with the namespace's Content-Type.")
    @APIResponse(responseCode = "200", description = "the field value", content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Uni<Response> readField(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("field") String field) {
        Namespace namespace = namespaces.resolve(ns);
        return store.readField(namespace, key, field).map(value -> Response.ok(value, namespace.contentType()).build());
    }

    @PUT
    @Path("fields/{field}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Write one field", description = "Stores the body bytes in the field.")
    @APIResponse(responseCode = "201", description = "the field is new")
    @APIResponse(responseCode = "204", description = "the field is replaced")
    @APIResponse(responseCode = "413", description = "the body exceeds max-value-size", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RawBody
    public Uni<Response> writeField(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("field") String field, byte[] body) {
        Namespace namespace = namespaces.resolve(ns);
        byte[] value = body == null ? new byte[0] : body;
        namespace.requireValueSize(value.length);
        return store.writeField(namespace, key, field, value).map(created -> Response.status(created ? 201 : 204).build());
    }

    @DELETE
    @Path("fields/{field}")
    @Operation(summary = "Delete one field", description = "HDEL of one field; `204` also when it did not exist.")
    @APIResponse(responseCode = "204", description = "deleted")
    public Uni<Response> deleteField(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("field") String field) {
        return store.deleteField(namespaces.resolve(ns), key, field).map(done -> Response.noContent().build());
    }

    private Uni<Response> write(String ns, String key, Map<String, String> fields, boolean replace) {
        Namespace namespace = namespaces.resolve(ns);
        if (fields == null) {
            throw ProblemException.badRequest("the body must be a JSON object of field values");
        }
        Map<String, byte[]> values = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            byte[] bytes = value == null ? null : ValueCodec.decode(namespace, value);
            if (bytes != null) {
                namespace.requireValueSize(bytes.length);
            }
            values.put(field, bytes);
        });
        return store.write(namespace, key, values, replace).map(existed -> Response.status(existed ? 204 : 201).build());
    }
}
