package io.redismesh.gateway.idempotency;

import java.time.Duration;

/** The names of the idempotency contract, for the resources' OpenAPI and the tests. */
public final class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    /** On a response that repeats a first call's outcome instead of acting again. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private Idempotency() {
    }

    /** This request holds the key: its outcome is kept once it is answered. */
    record Claim(byte[] key, String fingerprint, Duration window) {
        static final String PROPERTY = Claim.class.getName();
    }
}
