package io.redismesh.gateway.namespace;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * A namespace's {@code rate-limit}: {@code count} requests per {@code period} per principal, of which
 * up to {@code burst} may come at once (GCRA: one request every period/count, a burst allowed ahead).
 */
public record RateLimit(long count, Duration period, int burst) {

    /** {@code <count>/<period>}, the period ISO-8601 ({@code PT1M}) or short ({@code 1S}, {@code 10M}, {@code 1H}). */
    public static RateLimit parse(String ns, String spec, OptionalInt burst) {
        String property = "gateway.namespaces." + ns + ".rate-limit";
        int slash = spec.indexOf('/');
        try {
            long count = Long.parseLong(spec.substring(0, Math.max(0, slash)).trim());
            String text = spec.substring(slash + 1).trim().toUpperCase(java.util.Locale.ROOT);
            Duration period = Duration.parse(text.startsWith("P") ? text : "PT" + text);
            int allowed = burst.orElse((int) Math.min(Integer.MAX_VALUE, count));
            if (count > 0 && !period.isNegative() && period.toNanos() / 1000 >= count && allowed > 0) {
                return new RateLimit(count, period, allowed);
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException malformed) {
            // answered below
        }
        throw new IllegalArgumentException(property + ": '" + spec + "' is not <count>/<period> (e.g. 100/1S) with a positive count, "
                + "at least a microsecond per request, and a positive rate-limit-burst");
    }

    /** Microseconds between two requests at the sustained rate. */
    public long intervalMicros() {
        return period.toNanos() / 1000 / count;
    }

    /** The window of the RateLimit-Policy header, whole seconds (at least 1). */
    public long windowSeconds() {
        return Math.max(1, (period.toMillis() + 999) / 1000);
    }
}
