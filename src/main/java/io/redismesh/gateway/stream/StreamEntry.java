package io.redismesh.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.redis.client.Response;

/**
 * One entry as Redis returns it ({@code [id, [field, value, ...]]}). The gateway appends one field,
 * {@value #DATA}; a dead letter adds {@value #ORIGINAL_ID} and {@value #DELIVERIES}. An entry another
 * client wrote without a {@value #DATA} field reads as the JSON object of its fields.
 */
record StreamEntry(EntryId id, Map<String, String> fields) {

    static final String DATA = "data";
    static final String ORIGINAL_ID = "original-id";
    static final String DELIVERIES = "deliveries";
    private static final ObjectMapper JSON = new ObjectMapper();

    static StreamEntry of(Response entry) {
        return of(entry.get(0), entry.get(1));
    }

    static StreamEntry of(Response id, Response fields) {
        return new StreamEntry(EntryId.of(id.toString()), fields(fields));
    }

    /** The entries of an XRANGE reply (or of one stream in an XREAD reply). */
    static List<StreamEntry> all(Response entries) {
        List<StreamEntry> all = new ArrayList<>(entries == null ? 0 : entries.size());
        if (entries != null) {
            entries.forEach(entry -> all.add(of(entry)));
        }
        return all;
    }

    private static Map<String, String> fields(Response pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (pairs != null) {
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                fields.put(pairs.get(i).toString(), new String(pairs.get(i + 1).toBytes(), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    String data() {
        String data = fields.get(DATA);
        if (data != null) {
            return data;
        }
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** For a dead letter: the id the entry had in the stream it was dead-lettered from. */
    String originalId() {
        return fields.get(ORIGINAL_ID);
    }

    /** For a dead letter: how often it had been delivered. */
    Long deliveries() {
        try {
            return originalId() == null ? null : Long.valueOf(fields.get(DELIVERIES));
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }
}
