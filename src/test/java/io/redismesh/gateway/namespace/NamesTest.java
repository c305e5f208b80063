package io.redismesh.gateway.namespace;

import static io.redismesh.gateway.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.problem.ProblemType;

/** The rules for names that come from users (plain JUnit: no application). */
class NamesTest {

    @Test
    void namespaceNamesAreShortLowerCaseDnsLabels() {
        assertTrue(Names.isValidNamespace("orders"));
        assertTrue(Names.isValidNamespace("a"));
        assertTrue(Names.isValidNamespace("team-7"));
        assertTrue(Names.isValidNamespace("a".repeat(63)));
        assertFalse(Names.isValidNamespace("a".repeat(64)));
        assertFalse(Names.isValidNamespace("-orders"));
        assertFalse(Names.isValidNamespace("Orders"));
        assertFalse(Names.isValidNamespace("or:ders"));
        assertFalse(Names.isValidNamespace(""));
        assertFalse(Names.isValidNamespace(null));
    }

    @Test
    void aNameIsUpTo1024BytesOfUtf8CountedInBytesNotCharacters() {
        assertEquals("a".repeat(1024), Names.requireValid("a".repeat(1024)));
        assertProblem(ProblemType.INVALID_NAME, () -> Names.requireValid("a".repeat(1025)));
        // é is two bytes in UTF-8
        assertEquals("é".repeat(512), Names.requireValid("é".repeat(512)));
        assertProblem(ProblemType.INVALID_NAME, () -> Names.requireValid("é".repeat(513)));
    }

    @Test
    void emptyNamesAndControlCharactersAreRefusedButGlobCharactersAreData() {
        assertProblem(ProblemType.INVALID_NAME, () -> Names.requireValid(""));
        assertProblem(ProblemType.INVALID_NAME, () -> Names.requireValid(null));
        assertProblem(ProblemType.INVALID_NAME, () -> Names.requireValid("line\nbreak"));
        assertProblem(ProblemType.INVALID_NAME, () -> Names.requireValid("nul\0"));
        assertEquals("a*b?[c]\\ d:e/f", Names.requireValid("a*b?[c]\\ d:e/f"));
    }
}
