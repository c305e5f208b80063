package io.redismesh.gateway.stream;

import io.redismesh.gateway.problem.ProblemException;

/** A stream entry id, {@code <ms>-<seq>} (two unsigned 64-bit numbers), ordered as Redis orders them. */
record EntryId(long millis, long sequence) implements Comparable<EntryId> {

    static final EntryId ZERO = new EntryId(0, 0);

    /** An id a client sent ({@code what} names it in the 400): {@code <ms>-<seq>}, or {@code <ms>} for {@code <ms>-0}. */
    static EntryId parse(String text, String what) {
        int dash = text.indexOf('-');
        try {
            if (!text.isEmpty() && text.charAt(0) != '+' && (dash < 0 || text.charAt(dash + 1) != '+')) {
                return dash < 0 ? new EntryId(Long.parseUnsignedLong(text), 0)
                        : new EntryId(Long.parseUnsignedLong(text.substring(0, dash)), Long.parseUnsignedLong(text.substring(dash + 1)));
            }
        } catch (NumberFormatException | IndexOutOfBoundsException malformed) {
            // answered below
        }
        throw ProblemException.badRequest(what + " is not a stream entry id (<milliseconds>-<sequence>, or 0 for the start)");
    }

    /** An id Redis sent. */
    static EntryId of(String redisId) {
        return parse(redisId, "Redis's entry id");
    }

    @Override
    public int compareTo(EntryId other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
    }

    boolean after(EntryId other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
    }
}
