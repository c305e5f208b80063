package io.redismesh.gateway.support;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.redismesh.gateway.redis.EmbeddedRedis;

/**
 * Faults of the test's own redis-server, as an operator or the kernel would cause them: frozen
 * (SIGSTOP: connections stay open, nothing answers, not even new connections) and thawed (SIGCONT),
 * or killed (SIGKILL: connections reset, its data gone); {@link EmbeddedRedis#start()} brings it back
 * on the same port.
 */
public final class RedisSignals {

    private RedisSignals() {
    }

    public static void freeze(EmbeddedRedis redis) {
        signal("-STOP", redis.pid());
    }

    public static void thaw(EmbeddedRedis redis) {
        signal("-CONT", redis.pid());
    }

    /** SIGKILL, returning once the process is gone (its port closed). */
    public static void kill(EmbeddedRedis redis) {
        ProcessHandle process = ProcessHandle.of(redis.pid()).orElseThrow();
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("redis-server survived SIGKILL", e);
        }
    }

    /** Java sends only TERM and KILL: the others go through kill(1). */
    private static void signal(String signal, long pid) {
        try {
            int exit = new ProcessBuilder("kill", signal, String.valueOf(pid)).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill " + signal + " " + pid + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
