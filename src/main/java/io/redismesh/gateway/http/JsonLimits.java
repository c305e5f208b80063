package io.redismesh.gateway.http;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Bounds on every JSON body, checked while it is parsed: no request of this API needs a number of
 * more than {@value #MAX_NUMBER_LENGTH} characters, nesting deeper than {@value #MAX_NESTING_DEPTH}
 * or a string longer than the HTTP body limit, so a hostile one fails as 400 before it costs memory.
 * A fraction where an integer is meant (ttlMillis 1.5, permits 1.9) is a 400, never truncated.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    static final int MAX_NUMBER_LENGTH = 64;
    static final int MAX_NESTING_DEPTH = 32;
    /** quarkus.http.limits.max-body-size's default (10M): a string cannot be longer than its body. */
    static final int MAX_STRING_LENGTH = 10 * 1024 * 1024;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build());
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
