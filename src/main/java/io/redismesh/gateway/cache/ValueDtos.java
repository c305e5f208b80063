package io.redismesh.gateway.cache;

import java.math.BigDecimal;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** JSON bodies of the cache value calls. */
final class ValueDtos {

    private ValueDtos() {
    }

    @RegisterForReflection
    @Schema(name = "Ttl")
    record Ttl(@Schema(description = "remaining or requested TTL in milliseconds; null = persistent", examples = "30000") Long ttlMillis) {
    }

    @RegisterForReflection
    @Schema(name = "IncrementRequest")
    record IncrementRequest(@Schema(description = "integer or decimal to add (default 1)", examples = "5") BigDecimal by) {
    }

    @RegisterForReflection
    @Schema(name = "IncrementResult")
    record IncrementResult(@Schema(description = "the value after the increment", examples = "42") BigDecimal value) {
    }

    @RegisterForReflection
    @Schema(name = "BatchGetRequest")
    record BatchGetRequest(@Schema(description = "at most 1000 keys", examples = "[\"user:1\", \"user:2\"]") List<String> keys) {
    }

    @RegisterForReflection
    @Schema(name = "BatchItem")
    record BatchItem(String key,
            @Schema(description = "UTF-8 text for textual namespaces, base64 otherwise; null when absent") String value) {
    }

    @RegisterForReflection
    @Schema(name = "BatchGetResult")
    record BatchGetResult(List<BatchItem> items) {
    }

    @RegisterForReflection
    @Schema(name = "BatchPutItem")
    record BatchPutItem(String key,
            @Schema(description = "UTF-8 text for textual namespaces, base64 otherwise") String value,
            @Schema(description = "TTL in milliseconds; default: the namespace's default-ttl") Long ttlMillis) {
    }

    @RegisterForReflection
    @Schema(name = "BatchPutRequest")
    record BatchPutRequest(@Schema(description = "at most 1000 items, written all-or-nothing") List<BatchPutItem> items) {
    }

    @RegisterForReflection
    @Schema(name = "KeyItem")
    record KeyItem(String key,
            @Schema(description = "the Redis type, named by the calls that read it: value (a Redis string, under /keys), hash, list, set, "
                    + "sorted-set or stream; a Redis module's type keeps the name Redis gives it", example = "value") String type) {
    }

    @RegisterForReflection
    @Schema(name = "KeyPage")
    record KeyPage(List<KeyItem> items,
            @Schema(description = "opaque cursor of the next page; null on the last page") String cursor) {
    }
}
