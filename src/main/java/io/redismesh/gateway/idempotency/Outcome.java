package io.redismesh.gateway.idempotency;

import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Redis keeps under an idempotency key: the request's fingerprint, and once the call is answered,
 * its status, the headers a retry needs and the body. Status 0: the first call is still in flight.
 */
@RegisterForReflection
record Outcome(String fingerprint, int status, Map<String, String> headers, byte[] body) {

    static Outcome inFlight(String fingerprint) {
        return new Outcome(fingerprint, 0, Map.of(), new byte[0]);
    }

    boolean answered() {
        return status != 0;
    }

    /** Kept for a retry when the call may have acted: a success, or a write whose outcome is unknown (504). Anything else did nothing. */
    static boolean worthKeeping(int status) {
        return status >= 200 && status < 300 || status == 504;
    }
}
