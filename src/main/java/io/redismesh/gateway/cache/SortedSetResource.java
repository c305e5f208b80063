package io.redismesh.gateway.cache;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import io.redismesh.gateway.idempotency.Idempotency;
import io.redismesh.gateway.idempotency.Idempotent;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Redis sorted sets: scores and ranks of members, ranges by rank or by score. */
@Path("/v1/namespaces/{ns}/sorted-sets/{key}")
@Tag(name = "Sorted sets")
@Produces(MediaType.APPLICATION_JSON)
public class SortedSetResource {

    @RegisterForReflection
    @Schema(name = "Score")
    record Score(@Schema(examples = "42.5") Double score) {
    }

    @RegisterForReflection
    @Schema(name = "ScoreIncrement")
    record ScoreIncrement(@Schema(description = "added to the score (default 1)", examples = "1") Double by) {
    }

    @RegisterForReflection
    @Schema(name = "Ranked")
    record Ranked(double score, @Schema(description = "0-based, ascending by score") long rank) {
    }

    @RegisterForReflection
    @Schema(name = "RangeEntry")
    record RangeEntry(String member, double score, @Schema(description = "0-based, in the order asked for") long rank) {
    }

    @RegisterForReflection
    @Schema(name = "RangePage")
    record RangePage(List<RangeEntry> items,
            @Schema(description = "the `offset` of the next page; null after the range's last entry") Long next) {
    }

    private final NamespaceRegistry namespaces;
    private final SortedSetStore store;

    public SortedSetResource(NamespaceRegistry namespaces, SortedSetStore store) {
        this.namespaces = namespaces;
        this.store = store;
    }

    @PUT
    @Produces(MediaType.WILDCARD) // no body: any Accept, problem+json included, may ask
    @Path("members/{member}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a member's score", description = "ZADD: adds the member or replaces its score.")
    @APIResponse(responseCode = "201", description = "the member is new")
    @APIResponse(responseCode = "204", description = "the score is updated")
    public Uni<Response> put(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member, Score score) {
        if (score == null || score.score() == null || !Double.isFinite(score.score())) {
            throw ProblemException.badRequest("score must be a finite number");
        }
        return store.put(namespaces.resolve(ns), key, member, score.score()).map(created -> Response.status(created ? 201 : 204).build());
    }

    @GET
    @Path("members/{member}")
    @Operation(summary = "Read a member's score and rank", description = "ZSCORE and ZRANK (ascending, from 0); `404` when not a member.")
    @APIResponse(responseCode = "200", description = "score and rank", content = @Content(schema = @Schema(implementation = Ranked.class)))
    public Uni<Ranked> get(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member) {
        return store.get(namespaces.resolve(ns), key, member).map(entry -> new Ranked(entry.score(), entry.rank()));
    }

    @DELETE
    @Produces(MediaType.WILDCARD) // no body: any Accept, problem+json included, may ask
    @Path("members/{member}")
    @Operation(summary = "Remove a member", description = "ZREM; `204` whether or not it was a member.")
    @APIResponse(responseCode = "204", description = "removed")
    public Uni<Response> remove(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member) {
        return store.remove(namespaces.resolve(ns), key, member).map(done -> Response.noContent().build());
    }

    @POST
    @Path("members/{member}/increment")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add to a member's score", description = "A missing member starts at 0.")
    @APIResponse(responseCode = "200", description = "the new score", content = @Content(schema = @Schema(implementation = Score.class)))
    @Idempotent
    @Parameter(ref = Idempotency.HEADER)
    public Uni<Score> increment(@PathParam("ns") String ns, @PathParam("key") String key, @PathParam("member") String member, ScoreIncrement increment) {
        double by = increment == null || increment.by() == null ? 1 : increment.by();
        if (!Double.isFinite(by)) {
            throw ProblemException.badRequest("by must be a finite number");
        }
        return store.increment(namespaces.resolve(ns), key, member, by).map(Score::new);
    }

    @GET
    @Path("range")
    @Operation(summary = "Read a range", description = "`by=rank`: `min`/`max` are ranks (default 0 and -1, negative counts from the end). "
            + "`by=score`: `min`/`max` are scores (default -inf and +inf). A page holds at most `limit` entries and the namespace's "
            + "max-page-bytes, after skipping `offset`; pass its `next` as `offset` (with the same other parameters) for the "
            + "following page; `next` is null after the range's last entry.")
    @APIResponse(responseCode = "200", description = "a page of the entries in order", content = @Content(schema = @Schema(implementation = RangePage.class)))
    @APIResponse(responseCode = "413", description = "the page's first entry alone exceeds max-page-bytes (value-too-large)")
    public Uni<RangePage> range(@PathParam("ns") String ns, @PathParam("key") String key,
            @QueryParam("by") @Parameter(description = "rank (default) or score") String by,
            @QueryParam("min") String min, @QueryParam("max") String max,
            @QueryParam("offset") @Parameter(description = "entries of the range to skip; a page's `next`") Long offset,
            @QueryParam("limit") @Parameter(description = Cursors.LIMIT) Integer limit,
            @QueryParam("order") @Parameter(description = "asc (default) or desc") String order) {
        Namespace namespace = namespaces.resolve(ns);
        boolean descending = switch (order == null ? "asc" : order) {
            case "asc" -> false;
            case "desc" -> true;
            default -> throw ProblemException.badRequest("order is asc or desc");
        };
        boolean byScore = switch (by == null ? "rank" : by) {
            case "rank" -> false;
            case "score" -> true;
            default -> throw ProblemException.badRequest("by is rank or score");
        };
        String from = byScore ? score(min, "-inf") : String.valueOf(rank(min, 0));
        String to = byScore ? score(max, "+inf") : String.valueOf(rank(max, -1));
        long skip = offset == null ? 0 : Math.max(0, offset);
        return store.range(namespace, key, byScore, descending, from, to, skip, Cursors.pageSize(namespace, limit)).map(page -> {
            List<RangeEntry> items = page.entries().stream().map(e -> new RangeEntry(e.member(), e.score(), e.rank())).toList();
            return new RangePage(items, items.size() < page.remaining() ? skip + items.size() : null);
        });
    }

    private static long rank(String value, long fallback) {
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("a rank is an integer");
        }
    }

    private static String score(String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.equals("-inf") || value.equals("+inf") || value.equals("inf")) {
            return value;
        }
        try {
            double score = Double.parseDouble(value);
            if (Double.isFinite(score)) {
                return Double.toString(score);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.badRequest("a score is a number, -inf or +inf");
    }
}
