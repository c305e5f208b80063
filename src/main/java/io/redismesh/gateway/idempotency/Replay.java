package io.redismesh.gateway.idempotency;

/** A retry whose key already has an outcome: answered with that outcome, not by running the call again. */
final class Replay extends RuntimeException {

    final Outcome outcome;

    Replay(Outcome outcome) {
        super(null, null, false, false);
        this.outcome = outcome;
    }
}
