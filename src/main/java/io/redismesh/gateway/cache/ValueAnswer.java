package io.redismesh.gateway.cache;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;

import io.redismesh.gateway.namespace.Namespace;

/**
 * What a read or a write of a value answers (status, headers, body), built in one place for the REST
 * resource and for its Vert.x fast path ({@link ValueFastPath}), so the two cannot drift apart.
 */
record ValueAnswer(int status, Map<String, String> headers, byte[] body) {

    static ValueAnswer of(Namespace namespace, StoredValue value, String ifNoneMatch, boolean withBody) {
        boolean fresh = ifNoneMatch == null || EntityTags.noneMatchHolds(ifNoneMatch, value.etag());
        Map<String, String> headers = new LinkedHashMap<>();
        if (fresh) {
            headers.put(HttpHeaders.CONTENT_TYPE, namespace.contentType());
            headers.put(HttpHeaders.CONTENT_LENGTH, String.valueOf(value.bytes().length));
        }
        headers.put(HttpHeaders.ETAG, value.etag());
        headers.put(HttpHeaders.CACHE_CONTROL, value.ttlMillis().isPresent()
                ? "private, max-age=" + value.ttlMillis().getAsLong() / 1000
                : "private");
        return new ValueAnswer(fresh ? 200 : 304, headers, fresh && withBody ? value.bytes() : null);
    }

    /** A PUT: 201 created or 204 replaced, with the new value's ETag. */
    static ValueAnswer written(ValueStore.Written written, String etag) {
        return new ValueAnswer(written == ValueStore.Written.CREATED ? 201 : 204, Map.of(HttpHeaders.ETAG, etag), null);
    }
}
