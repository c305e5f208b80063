package io.redismesh.gateway.cache;

import static io.redismesh.gateway.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.support.TestNamespaces;

/** Opaque SCAN cursors and TTL parsing (plain JUnit). */
class CursorsAndTtlTest {

    @Test
    void aPageIs1To1000Default100() {
        Namespace demo = TestNamespaces.demo();
        assertEquals(100, Cursors.pageSize(demo, null));
        assertEquals(1, Cursors.pageSize(demo, 1));
        assertEquals(1000, Cursors.pageSize(demo, 1000));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.pageSize(demo, 0));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.pageSize(demo, 1001));
    }

    @Test
    void aNamespaceMayLowerThePageBoundButNotRaiseIt() {
        Namespace lowered = TestNamespaces.withMaxPageItems("small", 20);
        assertEquals(20, Cursors.pageSize(lowered, null));
        assertEquals(20, Cursors.pageSize(lowered, 20));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.pageSize(lowered, 21));
        Namespace raised = TestNamespaces.withMaxPageItems("large", 5000);
        assertEquals(1000, Cursors.pageSize(raised, 1000));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.pageSize(raised, 1001));
    }

    @Test
    void cursorsRoundTripAndTheEndIsNull() {
        assertNull(Cursors.next("0"));
        assertEquals("17", Cursors.decode(Cursors.next("17")));
        assertEquals("0", Cursors.decode(null));
        assertEquals("0", Cursors.decode(""));
    }

    @Test
    void aListingPositionRoundTripsWithAndWithoutAClusterNode() {
        for (Cursors.Position position : List.of(new Cursors.Position(null, "17", null), new Cursors.Position(null, "17", "a:b/c"),
                new Cursors.Position(5461, "0", null), new Cursors.Position(10923, "42", "x/y:z"))) {
            assertEquals(position, Cursors.Position.decode(Cursors.Position.encode(position)));
        }
        assertNull(Cursors.Position.encode(null));
    }

    @Test
    void aListingCursorNamingNoSlotIsA400() {
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.Position.decode(Cursors.encode("16384/0")));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.Position.decode(Cursors.encode("99999999999999999999/0")));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.Position.decode(Cursors.encode("/0")));
    }

    @Test
    void aCursorThisGatewayDidNotIssueIsA400() {
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.decode("not base64!"));
        assertProblem(ProblemType.BAD_REQUEST, () -> Cursors.decode(Cursors.encode("12x")));
    }

    @Test
    void aTtlIsMillisecondsOrIso8601WithinTheNamespacesMaximum() {
        Namespace demo = TestNamespaces.demo();
        assertEquals(Optional.of(Duration.ofMillis(1500)), Ttl.forWrite(demo, "1500"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), Ttl.forWrite(demo, "PT30S"));
        assertEquals(Optional.of(Duration.ofHours(1)), Ttl.forWrite(demo, "PT1H"));
        assertProblem(ProblemType.BAD_REQUEST, () -> Ttl.forWrite(demo, "PT1H0.001S"));
        assertProblem(ProblemType.BAD_REQUEST, () -> Ttl.forWrite(demo, "0"));
        assertProblem(ProblemType.BAD_REQUEST, () -> Ttl.forWrite(demo, "-5"));
        assertProblem(ProblemType.BAD_REQUEST, () -> Ttl.forWrite(demo, "30s"));
        assertProblem(ProblemType.BAD_REQUEST, () -> Ttl.forWrite(demo, "99999999999999999999"));
    }

    @Test
    void withoutATtlAWriteTakesTheNamespaceDefault() {
        assertEquals(Optional.empty(), Ttl.forWrite(TestNamespaces.demo(), null));
        Namespace tight = TestNamespaces.of("tight", "tight:", 16, Duration.ofHours(1), Optional.of(Duration.ofMinutes(10)));
        assertEquals(Optional.of(Duration.ofMinutes(10)), Ttl.forWrite(tight, " "));
    }
}
