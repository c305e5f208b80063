package io.redismesh.gateway.namespace;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * A namespace's {@code stream-retention}: a count of entries, or an age. Appends trim approximately
 * ({@code ~}, whole macro nodes only, cheap) to it: {@code MAXLEN ~ <count>} or {@code MINID ~ <now - age>}.
 */
public record StreamRetention(long entries, Duration age) {

    /** {@code 10000} or {@code PT1H}; anything else stops start-up with a message naming the property. */
    public static StreamRetention parse(String text) {
        String value = text.trim();
        try {
            if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
                long entries = Long.parseLong(value);
                if (entries > 0) {
                    return new StreamRetention(entries, null);
                }
            } else {
                Duration age = Duration.parse(value);
                if (!age.isNegative() && !age.isZero()) {
                    return new StreamRetention(0, age);
                }
            }
        } catch (NumberFormatException | DateTimeParseException malformed) {
            // answered below
        }
        throw new IllegalArgumentException("gateway.namespaces.*.stream-retention: '" + text
                + "' is neither a positive count of entries nor a positive ISO-8601 duration (PT1H)");
    }

    /** The trim arguments of XADD at {@code nowMillis}: {@code MAXLEN ~ <count>} or {@code MINID ~ <oldest id kept>}. */
    public String[] trimArguments(long nowMillis) {
        return age == null
                ? new String[] { "MAXLEN", "~", Long.toString(entries) }
                : new String[] { "MINID", "~", Math.max(0, nowMillis - age.toMillis()) + "-0" };
    }
}
