package io.redismesh.gateway.namespace;

import static io.redismesh.gateway.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.support.TestNamespaces;

/** The key layout and the escaping of names into patterns (plain JUnit: no application, no Redis). */
class NamespaceTest {

    private final Namespace demo = TestNamespaces.demo();
    /** A namespace whose own key prefix holds every glob character. */
    private final Namespace globby = TestNamespaces.of("globby", "star*[x]?\\:", 16, Duration.ofHours(1), Optional.empty());

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aKeyIsThePrefixesThenTheNameAsUtf8() {
        assertEquals("rgw:demo:greeting", text(demo.key("greeting")));
        assertEquals("rgw:demo:grüße", text(demo.key("grüße")));
        assertEquals("greeting", demo.nameOf(demo.key("greeting")));
        assertEquals("grüße", demo.nameOf(demo.key("grüße")));
        assertProblem(ProblemType.INVALID_NAME, () -> demo.key(""));
    }

    @Test
    void theGatewaysOwnKeysLieOutsideTheNamespaceAndShareOneHashTagPerThing() {
        assertEquals("rgw:~lock:demo:{nightly}:holders", text(demo.ownKey("lock", "nightly", "holders")));
        assertEquals("rgw:~lock:demo:{nightly}:fence", text(demo.ownKey("lock", "nightly", "fence")));
        assertProblem(ProblemType.INVALID_NAME, () -> demo.ownKey("lock", "bad\nname", "holders"));
    }

    @Test
    void aKeyPatternMatchesItsPrefixLiterally() {
        assertEquals("rgw:demo:user\\*\\?\\[1\\]\\\\*", text(demo.keyPattern("user*?[1]\\")));
        assertEquals("rgw:demo:*", text(demo.keyPattern("")));
        assertEquals("rgw:star\\*\\[x\\]\\?\\\\:a*", text(globby.keyPattern("a")));
    }

    @Test
    void aChannelPatternEscapesTheNamespacePrefixAndKeepsTheCallersGlob() {
        assertEquals("rgw:demo:ne*", demo.channelPattern("ne*"));
        assertEquals("rgw:demo:[ab]?\\*", demo.channelPattern("[ab]?\\*"));
        assertEquals("rgw:star\\*\\[x\\]\\?\\\\:*", globby.channelPattern("*"));
    }

    @Test
    void aMalformedOrCostlyChannelPatternIsRefused() {
        String most = "*".repeat(Namespace.MAX_PATTERN_STARS);
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.channelPattern("news\\"));
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.channelPattern("[abc"));
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.channelPattern(most + "*"));
        assertEquals("rgw:demo:" + most, demo.channelPattern(most));
        // a star inside a class or escaped does not count
        assertEquals("rgw:demo:[*]\\*" + most, demo.channelPattern("[*]\\*" + most));
        assertProblem(ProblemType.INVALID_NAME, () -> demo.channelPattern(""));
    }

    @Test
    void limitsAreInclusive() {
        demo.requireValueSize(16);
        assertProblem(ProblemType.VALUE_TOO_LARGE, () -> demo.requireValueSize(17));
        assertEquals(Duration.ofHours(1), demo.requireTtl(Duration.ofHours(1)));
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.requireTtl(Duration.ofHours(1).plusMillis(1)));
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.requireTtl(Duration.ZERO));
        assertEquals(Duration.ZERO, demo.requireWait(Duration.ZERO));
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.requireWait(Duration.ofMillis(-1)));
        assertProblem(ProblemType.BAD_REQUEST, () -> demo.requireWait(Duration.ofSeconds(31)));
    }
}
