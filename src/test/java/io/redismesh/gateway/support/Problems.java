package io.redismesh.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;

/** Assertions on the problems that pure logic throws. */
public final class Problems {

    private Problems() {
    }

    /** Runs {@code call}, which must fail with a problem of this type; returns its detail. */
    public static String assertProblem(ProblemType expected, Executable call) {
        ProblemException problem = assertThrows(ProblemException.class, call);
        assertEquals(expected, problem.type, problem.getMessage());
        return problem.getMessage();
    }
}
