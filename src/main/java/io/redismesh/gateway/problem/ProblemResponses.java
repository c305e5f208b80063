package io.redismesh.gateway.problem;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Documents the problems every {@code /v1} operation can answer, in one place instead of on every
 * resource. An operation's own description of a status wins; every error response gets the
 * problem+json body with one example per problem type of its status, and 429 and 503 their Retry-After.
 */
public final class ProblemResponses {

    private static final Map<String, String> EVERY_OPERATION = new LinkedHashMap<>();

    static {
        EVERY_OPERATION.put("400", "invalid name, parameter or body (bad-request, invalid-name)");
        EVERY_OPERATION.put("401", "missing or invalid bearer token (unauthorized), with WWW-Authenticate: Bearer");
        EVERY_OPERATION.put("403", "the token lacks the namespace's role for this action (forbidden)");
        EVERY_OPERATION.put("404", "no such namespace (namespace-not-found) or key (key-not-found)");
        EVERY_OPERATION.put("409", "the key holds another Redis type (wrong-type)");
        EVERY_OPERATION.put("429", "over the namespace's rate-limit (rate-limited), with Retry-After, RateLimit and RateLimit-Policy");
        EVERY_OPERATION.put("503", "Redis unavailable, or a read slower than the timeout (backend-unavailable), with Retry-After: "
                + "nothing was done");
        EVERY_OPERATION.put("504", "a write Redis did not confirm within the timeout (outcome-unknown): it may or may not have "
                + "been applied");
    }

    private ProblemResponses() {
    }

    /** Adds the shared error responses of a {@code /v1} operation. */
    public static void addShared(APIResponses responses) {
        EVERY_OPERATION.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
            }
        });
    }

    /**
     * Gives every error response of an operation the problem body with one example per problem type
     * of its status (kept once in {@code components}), and 429 and 503 their Retry-After.
     */
    public static void describeErrors(APIResponses responses, Components components) {
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.compareTo("400") >= 0 && response.getContent() == null) {
                response.content(problemContent(Integer.parseInt(status), components));
            }
            if ((status.equals("503") || status.equals("429"))
                    && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
                response.addHeader("Retry-After", OASFactory.createHeader().description("seconds to wait before retrying")
                        .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
            }
            if (status.equals("429") && !response.getHeaders().containsKey("RateLimit")) {
                // draft-ietf-httpapi-ratelimit-headers; sent on every answer of a rate-limited namespace
                response.addHeader("RateLimit", OASFactory.createHeader().description("the caller's remaining requests now and the "
                        + "seconds until the full burst is available again, e.g. \"orders\";r=0;t=2 (rate-limited namespaces)")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
                response.addHeader("RateLimit-Policy", OASFactory.createHeader().description("the namespace's limit: q requests per w "
                        + "seconds, e.g. \"orders\";q=100;w=1 (rate-limited namespaces)").schema(OASFactory.createSchema().addType(SchemaType.STRING)));
            }
        });
    }

    private static Content problemContent(int status, Components components) {
        var media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"));
        for (ProblemType type : ProblemType.values()) {
            if (type.status == status) {
                components.addExample(type.slug, example(type));
                media.addExample(type.slug, OASFactory.createExample().ref(type.slug));
            }
        }
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    private static Example example(ProblemType type) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problem.TYPE_PREFIX + type.slug);
        body.put("title", type.title);
        body.put("status", type.status);
        body.put("detail", "what went wrong in this occurrence");
        body.put("instance", "/v1/namespaces/demo/keys/greeting");
        return OASFactory.createExample().summary(type.title).value(body);
    }
}
