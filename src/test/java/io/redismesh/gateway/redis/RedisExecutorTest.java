package io.redismesh.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.problem.ProblemType;
import io.vertx.redis.client.impl.types.ErrorType;

/** How Redis error replies become problems, including the forms a failed pipeline reports them in. */
class RedisExecutorTest {

    private static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    @Test
    void wrongTypeIsAConflictWhetherAloneOrInABatch() {
        assertEquals(ProblemType.WRONG_TYPE, RedisExecutor.classify(ErrorType.create(WRONGTYPE)).type);
        assertEquals(ProblemType.WRONG_TYPE, RedisExecutor.classify(ErrorType.create("ERR [1] " + WRONGTYPE)).type);
        // seen when a batch is reported again by the client: the index wrapped twice
        assertEquals(ProblemType.WRONG_TYPE, RedisExecutor.classify(ErrorType.create("ERR [ERR [10] " + WRONGTYPE + "] " + WRONGTYPE)).type);
    }

    @Test
    void outOfMemoryIsUnavailableOnRedis7AndInsideARedis6Script() {
        assertEquals(ProblemType.BACKEND_UNAVAILABLE, RedisExecutor.classify(ErrorType.create(
                "OOM command not allowed when used memory > 'maxmemory'. script: a59e, on @user_script:14.")).type);
        assertEquals(ProblemType.BACKEND_UNAVAILABLE, RedisExecutor.classify(ErrorType.create("ERR Error running script "
                + "(call to f_a59e): @user_script:14: @user_script: 14: -OOM command not allowed when used memory > 'maxmemory'.")).type);
    }

    @Test
    void loadingIsUnavailableAndUnknownErrorsAreInternal() {
        assertEquals(ProblemType.BACKEND_UNAVAILABLE, RedisExecutor.classify(ErrorType.create("LOADING Redis is loading the dataset in memory")).type);
        assertEquals(ProblemType.INTERNAL_ERROR, RedisExecutor.classify(ErrorType.create("ERR unknown command 'FOO'")).type);
    }
}
