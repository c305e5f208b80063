package io.redismesh.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Entity tags and conditional-request preconditions (plain JUnit). */
class EntityTagsTest {

    @Test
    void aTagIsTheQuotedSha1HexOfTheBytesAsLuaComputesIt() {
        assertEquals("\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"", EntityTags.of(new byte[0]));
        assertEquals("\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\"", EntityTags.of("hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aHeaderListIsSplitUnquotedAndWeakPrefixesDropped() {
        assertEquals(List.of("a", "b", "*"), EntityTags.parse(" \"a\" , W/\"b\",*,, "));
        assertEquals(List.of("unquoted"), EntityTags.parse("unquoted"));
    }

    @Test
    void ifNoneMatchComparesWeakly() {
        String etag = EntityTags.of("v".getBytes(StandardCharsets.UTF_8));
        String opaque = etag.substring(1, etag.length() - 1);
        assertFalse(EntityTags.noneMatchHolds(etag, etag));
        assertFalse(EntityTags.noneMatchHolds("W/" + etag, etag));
        assertFalse(EntityTags.noneMatchHolds("\"x\", " + etag, etag));
        assertFalse(EntityTags.noneMatchHolds("*", etag));
        assertTrue(EntityTags.noneMatchHolds("\"x\"", etag));
        assertTrue(EntityTags.noneMatchHolds("\"" + opaque + "0\"", etag));
    }

    @Test
    void ifMatchIsEvaluatedBeforeIfNoneMatch() {
        assertEquals(new Precondition("match", List.of("a", "b")), Precondition.of("\"a\", \"b\"", "*"));
        assertEquals(new Precondition("present", List.of()), Precondition.of("*", null));
        assertEquals(new Precondition("absent", List.of()), Precondition.of(null, "*"));
        assertEquals(new Precondition("mismatch", List.of("a")), Precondition.of(null, "W/\"a\""));
        assertEquals(Precondition.NONE, Precondition.of(null, null));
    }
}
