package io.redismesh.gateway.cache;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.redismesh.gateway.http.RawBody;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Redis hashes: the whole hash as a JSON object of field values, or one field's bytes. */
@Path("/v1/namespaces/{ns}/hashes/{key}")
@Tag(name = "Hashes")
public class HashResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    @RegisterForReflection
    @Schema(name = "FieldItem")
    record FieldItem(String field, @Schema(description = "UTF-8 text in textual namespaces, base64 otherwise") String value) {
    }

    @RegisterForReflection
    @Schema(name = "FieldPage")
    record FieldPage(List<FieldItem> items,
            @Schema(description = "opaque cursor of the next page; null on the last page") String cursor) {
    }

    private final NamespaceRegistry namespaces;
    private final HashStore store;

    public HashResource(NamespaceRegistry namespaces, HashStore store) {
        this.namespaces = namespaces;
        this.store = store;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read a whole hash", description = "Field values are UTF-8 text in textual namespaces, base64 otherwise. "
            + "Only a hash that fits one page (the namespace's max-page-items fields and max-page-bytes): a larger one is a 400 "
            + "page-too-large; read it by `GET .../fields?cursor=&limit=`.")
    @APIResponse(responseCode = "200", description = "the fields", content = @Content(schema = @Schema(type = SchemaType.OBJECT, additionalProperties = String.class)))
    @APIResponse(responseCode = "400", description = "the hash is larger than one page (page-too-large)")
    public Uni<Map<String, String>> read(@PathParam("ns") String ns, @PathParam("key") String key) {
        Namespace namespace = namespaces.resolve(ns);
        return store.read(namespace, key).map(fields -> {
            Map<String, String> json = new LinkedHashMap<>();
            fields.forEach((field, value) -> json.put(field, ValueCodec.encode(namespace, value)));
            return json;
        });
    }

    @GET
    @Path("fields")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List fields with their values", description = "Pages through the hash by HSCAN: a page holds about `limit` fields "
            + "and at most the namespace's max-page-bytes (field names plus values); follow `cursor` until it is null. "
            + "A small hash may come whole in one page.")
    @APIResponse(responseCode = "200", description = "a page of fields", content = @Content(schema = @Schema(implementation = FieldPage.class)))
    @APIResponse(responseCode = "413", description = "the next field alone exceeds max-page-bytes (value-too-large)")
    public Uni<FieldPage> fields(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("cursor") @Parameter(description = "from the previous page") String cursor,
            @QueryParam("limit") @Parameter(description = Cursors.LIMIT) Integer limit) {
        Namespace namespace = namespaces.resolve(ns);
        return store.fields(namespace, key, Cursors.decode(cursor), Cursors.pageSize(namespace, limit)).map(page -> {
            List<FieldItem> items = new ArrayList<>(page.fields().size());
            page.fields().forEach((field, value) -> items.add(new FieldItem(field, ValueCodec.encode(namespace, value))));
            return new FieldPage(items, Cursors.next(page.next()));
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
    @APIResponse(responseCode = "413", description = "the stored value exceeds max-value-size (value-too-large)")
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
    @APIResponse(responseCode = "413", description = "the body exceeds max-value-size")
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
