package io.redismesh.gateway.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The RFC 9457 body of every error response. Serialised by {@link ProblemMappers} itself, not as a
 * resource's return type, so a native image must be told to keep its accessors.
 */
@RegisterForReflection
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "stable relative URI naming the kind of problem", examples = "/problems/key-not-found") String type,
        @Schema(description = "short summary of the kind of problem", examples = "Key not found") String title,
        @Schema(description = "the HTTP status", examples = "404") int status,
        @Schema(description = "what went wrong in this occurrence", examples = "no value under 'user:42'") String detail,
        @Schema(description = "the request path", examples = "/v1/namespaces/demo/keys/user:42") String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "/problems/";
}
