package io.redismesh.gateway.cache;

import java.util.List;

/** An HTTP precondition on a write, in the form the Lua scripts check atomically. */
record Precondition(String mode, List<String> etags) {

    static final Precondition NONE = new Precondition("any", List.of());

    /** RFC 9110 §13.2.2: If-Match is evaluated first; If-None-Match only without it. */
    static Precondition of(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null) {
            List<String> tags = EntityTags.parseStrong(ifMatch);
            return tags.contains("*") ? new Precondition("present", List.of()) : new Precondition("match", tags);
        }
        if (ifNoneMatch != null) {
            List<String> tags = EntityTags.parse(ifNoneMatch);
            return tags.contains("*") ? new Precondition("absent", List.of()) : new Precondition("mismatch", tags);
        }
        return NONE;
    }
}
