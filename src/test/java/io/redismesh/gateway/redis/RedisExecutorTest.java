package io.redismesh.gateway.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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

    @Test
    void crossSlotIsABadRequestWhetherRedisOrTheClusterClientRefusesIt() {
        assertEquals(ProblemType.CROSS_SLOT, RedisExecutor.classify(ErrorType.create("CROSSSLOT Keys in request don't hash to the same slot")).type);
        assertEquals(ProblemType.CROSS_SLOT, RedisExecutor.classify(ErrorType.create("Keys of command or batch: \"EVALSHA abc 2 a b v1 v2\" "
                + "targets not all in the same hash slot (CROSSSLOT) and client side resharding is not supported")).type);
    }

    @Test
    void aRefusedCommandIsLoggedWithoutItsArguments() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + List.of(record.getParameters() == null ? new Object[0] : record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            RedisExecutor.classify(ErrorType.create("ERR unknown command 'SECRETCMD', with args beginning with: 'secret-value' "));
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(logged.stream().anyMatch(line -> line.contains("ERR")), "the refusal is logged: " + logged);
        assertFalse(logged.stream().anyMatch(line -> line.contains("secret-value")), "no argument in the log: " + logged);
    }
}
