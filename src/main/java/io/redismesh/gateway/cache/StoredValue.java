package io.redismesh.gateway.cache;

import java.util.OptionalLong;

/** A cache value as read: its bytes, strong ETag and remaining TTL (empty = persistent). */
record StoredValue(byte[] bytes, String etag, OptionalLong ttlMillis) {
}
