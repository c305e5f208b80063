package io.redismesh.gateway.namespace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.support.TestNamespaces;

class StreamKeysTest {

    private final Namespace demo = TestNamespaces.demo();

    private String key(String name) {
        return new String(demo.streamKey(name), StandardCharsets.UTF_8);
    }

    /** The hash tag Redis Cluster hashes: between the first { and the next }, unless empty. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }

    @Test
    void aStreamAndItsDeadLettersShareOneHashTag() {
        assertEquals("rgw:demo:{orders}", key("orders"));
        assertEquals("rgw:demo:{orders}.dead-letter", key("orders.dead-letter"));
        assertEquals("rgw:demo:{orders}.dead-letter.dead-letter", key("orders.dead-letter.dead-letter"));
        assertArrayEquals(demo.streamKey("orders.dead-letter"), demo.deadLetterKey("orders"));
        for (String name : new String[] { "orders", "a}b", "{x}", "odd.dead-letter", ".dead-letter", "ü*?[]" }) {
            String stream = key(name);
            String deadLetters = new String(demo.deadLetterKey(name), StandardCharsets.UTF_8);
            assertEquals(hashTag(stream), hashTag(deadLetters), name);
            assertEquals(hashTag(stream), hashTag(new String(demo.deadLetterKey(name + ".dead-letter"), StandardCharsets.UTF_8)), name);
        }
    }

    @Test
    void aNameWhoseTagWouldBeEmptyIsRefused() {
        assertThrows(ProblemException.class, () -> demo.streamKey("}x"));
        assertThrows(ProblemException.class, () -> demo.streamKey("}.dead-letter"));
    }

    @Test
    void retentionIsACountOrAnAge() {
        assertEquals(new StreamRetention(10000, null), StreamRetention.parse("10000"));
        assertEquals(new StreamRetention(0, Duration.ofHours(1)), StreamRetention.parse("PT1H"));
        assertArrayEquals(new String[] { "MAXLEN", "~", "10" }, StreamRetention.parse("10").trimArguments(5000));
        assertArrayEquals(new String[] { "MINID", "~", "4000-0" }, StreamRetention.parse("PT1S").trimArguments(5000));
        for (String bad : new String[] { "0", "-5", "ten", "", "PT0S", "99999999999999999999" }) {
            assertThrows(IllegalArgumentException.class, () -> StreamRetention.parse(bad), bad);
        }
    }
}
