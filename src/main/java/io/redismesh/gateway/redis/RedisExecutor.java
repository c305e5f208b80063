package io.redismesh.gateway.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.redis.client.ResponseType;

/**
 * Every Redis call of the gateway goes through here: bounded by {@code quarkus.redis.timeout}, and
 * failures classified into problems (wrong type 409, Redis away or slow 503) so no caller ever
 * leaks a Redis message or hangs.
 */
@ApplicationScoped
public class RedisExecutor {

    /** Error codes of a Redis that is up but cannot serve now (loading, failing over, out of memory). */
    private static final Set<String> UNAVAILABLE = Set.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "CLUSTERDOWN",
            "TRYAGAIN", "NOREPLICAS", "OOM");
    private static final Pattern NOT_A_NUMBER = Pattern.compile("not an integer|not a valid float|would overflow|NaN or Infinity");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z]+");
    /** A failed batch reports "ERR [<index>] <error>", at times nested: "ERR [ERR [<index>] <error>] <error>". */
    private static final Pattern BATCH_ERROR = Pattern.compile("^(?:ERR \\[)+\\d+\\] ");

    private final Redis redis;
    private final LoopConnections connections;
    private final Duration timeout;
    private final Vertx vertx;

    public RedisExecutor(Redis redis, LoopConnections connections, Vertx vertx,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration timeout) {
        this.redis = redis;
        this.vertx = vertx;
        this.connections = connections;
        this.timeout = timeout;
    }

    public Uni<Response> send(Request request) {
        return bounded(unbounded(request));
    }

    /** A blocking command (BLPOP...) that may legitimately wait up to {@code wait} before Redis answers: on a pooled connection of its own. */
    public Uni<Response> sendBlocking(Request request, Duration wait) {
        return bounded(redis.send(request), timeout.plus(wait));
    }

    /**
     * Pipelines the requests: sent back to back on the event loop's connection, answers in request
     * order. Not the client's batch(): its per-command failure handlers append to one shared message
     * from more than one thread, which was seen to garble the reply (nested "ERR [ERR [n] ..." texts)
     * and once to throw, turning a WRONGTYPE (409) into a 503.
     */
    public Uni<List<Response>> batch(List<Request> requests) {
        return bounded(Uni.join().all(requests.stream().map(this::unbounded).toList()).andFailFast());
    }

    /** Runs a script by SHA; loads it with EVAL on the first NOSCRIPT (after a restart or failover). */
    public Uni<Response> run(LuaScript script, List<byte[]> keys, List<byte[]> args) {
        return bounded(unbounded(scriptCall(Command.EVALSHA, script.sha(), keys, args))
                .onFailure(RedisExecutor::isNoScript)
                .recoverWithUni(() -> unbounded(scriptCall(Command.EVAL, script.source(), keys, args))));
    }

    private Uni<Response> unbounded(Request request) {
        return connections.on(connection -> connection.send(request), pooled -> pooled.send(request));
    }

    private static Request scriptCall(Command command, String script, List<byte[]> keys, List<byte[]> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private <T> Uni<T> bounded(Uni<T> call) {
        return bounded(call, timeout);
    }

    /**
     * The time bound is a Vert.x timer on the caller's event loop, cancelled on the answer: measured
     * cheaper than Mutiny's ifNoItem().after(), which schedules and cancels on a shared executor.
     */
    private <T> Uni<T> bounded(Uni<T> call, Duration timeout) {
        return Uni.createFrom().<T> emitter(emitter -> {
            long timer = vertx.setTimer(timeout.toMillis(), id -> emitter.fail(
                    ProblemException.backendUnavailable("Redis did not answer within " + timeout.toMillis() + " ms")));
            Cancellable answer = call.subscribe().with(emitter::complete, emitter::fail);
            // a caller that went away (client disconnect) stops waiting for Redis too, as ifNoItem() did
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                answer.cancel();
            });
        }).onFailure(failure -> !(failure instanceof ProblemException)).transform(RedisExecutor::classify);
    }

    private static boolean isNoScript(Throwable failure) {
        return replyCode(failure).equals("NOSCRIPT");
    }

    /** A Redis error reply carries its code as the first word; anything else is the connection failing. */
    static ProblemException classify(Throwable failure) {
        String code = replyCode(failure);
        if (code.isEmpty()) {
            Log.warnf("Redis unreachable: %s", failure.toString());
            return ProblemException.backendUnavailable("Redis is not reachable");
        }
        if (code.equals("WRONGTYPE")) {
            return new ProblemException(ProblemType.WRONG_TYPE, "the key holds a value of another type");
        }
        if (code.equals("NOGROUP")) {
            return new ProblemException(ProblemType.GROUP_NOT_FOUND, "the stream has no such consumer group (create it with PUT)");
        }
        if (code.equals("ERR") && NOT_A_NUMBER.matcher(failure.getMessage()).find()) {
            return new ProblemException(ProblemType.NOT_A_NUMBER, "the value is not a number, or the result would overflow");
        }
        if (UNAVAILABLE.contains(code)) {
            Log.warnf("Redis cannot serve now: %s", code);
            return ProblemException.backendUnavailable("Redis cannot serve the request now");
        }
        Log.errorf("Redis refused a command: %s", failure.getMessage());
        return new ProblemException(ProblemType.INTERNAL_ERROR, "Redis refused the command; the failure is logged");
    }

    private static String replyCode(Throwable failure) {
        if (failure instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR
                && failure.getMessage() != null) {
            String message = BATCH_ERROR.matcher(failure.getMessage()).replaceFirst("");
            int space = message.indexOf(' ');
            String code = space < 0 ? message : message.substring(0, space);
            // the client also reports a connection lost mid-batch this way, with an exception name as text
            return ERROR_CODE.matcher(code).matches() ? code : "";
        }
        return "";
    }
}
