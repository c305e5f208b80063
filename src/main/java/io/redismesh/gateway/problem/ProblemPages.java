package io.redismesh.gateway.problem;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The pages that problem {@code type} URIs resolve to: what each problem means and what to do. Public,
 * like the spec: they say nothing about any namespace. Built only from {@link ProblemType}, never from input.
 */
@Path("/problems")
@Tag(name = "Problems")
public class ProblemPages {

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Every problem type", description = "An index of the problem types the gateway answers with.")
    public String index() {
        String rows = Stream.of(ProblemType.values())
                .map(type -> "<li><a href=\"" + Problem.TYPE_PREFIX + type.slug + "\">" + type.slug + "</a> (" + type.status + "): "
                        + type.title + "</li>")
                .collect(Collectors.joining("\n"));
        return page("Problem types", "<ul>\n" + rows + "\n</ul>");
    }

    @GET
    @Path("{slug}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "One problem type", description = "What the problem means and what a client can do about it.")
    public String problem(@PathParam("slug") String slug) {
        ProblemType type = Stream.of(ProblemType.values()).filter(t -> t.slug.equals(slug)).findFirst()
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no problem type of that name"));
        return page(type.title, "<p><code>type: " + Problem.TYPE_PREFIX + type.slug + "</code>, HTTP status " + type.status + "</p>\n<p>"
                + type.explanation + "</p>\n<p>The body is RFC 9457 <code>application/problem+json</code>; its <code>detail</code> says what"
                + " went wrong in that occurrence. <a href=\"/problems\">All problem types</a>.</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + " - Redis Mesh Gateway</title></head>\n"
                + "<body><h1>" + title + "</h1>\n" + body + "\n</body></html>\n";
    }
}
