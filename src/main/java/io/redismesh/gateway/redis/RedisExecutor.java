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
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.redis.client.ResponseType;

/**
 * Every Redis call of the gateway goes through here: bounded by {@code quarkus.redis.timeout}, and
 * failures classified into problems (wrong type 409, Redis away 503) so no caller ever leaks a Redis
 * message or hangs. A 503 means "not done": a write that went out to Redis and got no answer in time
 * may still be applied, so it fails with 504 {@code outcome-unknown} instead, never with a 503.
 */
@ApplicationScoped
public class RedisExecutor {

    /** Error codes of a Redis that is up but cannot serve now (loading, failing over, out of memory). */
    private static final Set<String> UNAVAILABLE = Set.of("LOADING", "BUSY", "MASTERDOWN", "READONLY", "CLUSTERDOWN",
            "TRYAGAIN", "NOREPLICAS", "OOM");
    /** The commands the gateway sends that change nothing: one of them timing out is a plain 503. */
    private static final Set<Command> READS = Set.of(Command.GET, Command.GETRANGE, Command.MGET, Command.HGET, Command.HGETALL, Command.LRANGE,
            Command.SSCAN, Command.SISMEMBER, Command.ZSCORE, Command.ZRANK, Command.ZRANGE, Command.ZCOUNT, Command.ZCARD,
            Command.XRANGE, Command.XREVRANGE, Command.XREAD, Command.SCAN, Command.PTTL, Command.TYPE, Command.PING,
            Command.CLUSTER); // only CLUSTER SLOTS
    private static final Pattern NOT_A_NUMBER = Pattern.compile("not an integer|not a valid float|would overflow|NaN or Infinity");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Z]+");
    /** A failed batch reports "ERR [<index>] <error>", at times nested: "ERR [ERR [<index>] <error>] <error>". */
    private static final Pattern BATCH_ERROR = Pattern.compile("^(?:ERR \\[)+\\d+\\] ");

    private final LoopConnections connections;
    private final BlockingConnections blocking;
    private final Duration timeout;
    private final Vertx vertx;
    private final RedisState state;

    public RedisExecutor(LoopConnections connections, BlockingConnections blocking, Vertx vertx, RedisState state,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s") Duration timeout) {
        this.blocking = blocking;
        this.vertx = vertx;
        this.state = state;
        this.connections = connections;
        this.timeout = timeout;
    }

    public Uni<Response> send(Request request) {
        Sending sending = new Sending(isWrite(request));
        return bounded(unbounded(request, sending), timeout, sending);
    }

    /**
     * A blocking command (BLPOP...) that may legitimately wait up to {@code wait} before Redis answers: on a
     * connection kept for blocking commands, or 503 blocking-connections-busy when all of them wait already.
     */
    public Uni<Response> sendBlocking(Request request, Duration wait) {
        Sending sending = new Sending(isWrite(request));
        return bounded(Uni.createFrom().deferred(() -> {
            sending.sent = true;
            return blocking.send(request);
        }), timeout.plus(wait), sending);
    }

    /**
     * Pipelines the requests: sent back to back on the event loop's connection, answers in request
     * order. Not the client's batch(): its per-command failure handlers append to one shared message
     * from more than one thread, which was seen to garble the reply (nested "ERR [ERR [n] ..." texts)
     * and once to throw, turning a WRONGTYPE (409) into a 503.
     */
    public Uni<List<Response>> batch(List<Request> requests) {
        Sending sending = new Sending(requests.stream().anyMatch(RedisExecutor::isWrite));
        return bounded(Uni.join().all(requests.stream().map(request -> unbounded(request, sending)).toList()).andFailFast(),
                timeout, sending);
    }

    /** Runs a script by SHA; loads it with EVAL on the first NOSCRIPT (after a restart or failover). A script is a write unless read-only. */
    public Uni<Response> run(LuaScript script, List<byte[]> keys, List<byte[]> args) {
        Sending sending = new Sending(!script.readOnly());
        return bounded(unbounded(scriptCall(Command.EVALSHA, script.sha(), keys, args), sending)
                .onFailure(RedisExecutor::isNoScript)
                .recoverWithUni(() -> unbounded(scriptCall(Command.EVAL, script.source(), keys, args), sending)), timeout, sending);
    }

    /** One call's progress: once a write is handed to a connection, Redis may apply it even if it never answers. */
    private static final class Sending {
        final boolean write;
        volatile boolean sent;

        Sending(boolean write) {
            this.write = write;
        }

        ProblemException noAnswer(Duration timeout) {
            String what = "Redis did not answer within " + timeout.toMillis() + " ms";
            return failed(what, ProblemException.backendUnavailable(what));
        }

        /** A connection lost after a write went out may have carried it to Redis; an error reply means Redis did not apply it. */
        ProblemException lost(Throwable failure) {
            return replyCode(failure).isEmpty() ? failed("the connection to Redis was lost", classify(failure)) : classify(failure);
        }

        private ProblemException failed(String what, ProblemException notDone) {
            return write && sent
                    ? new ProblemException(ProblemType.OUTCOME_UNKNOWN, what + " after the write was sent; it may or may not have been applied: "
                            + "read the state before retrying, or retry with the same Idempotency-Key")
                    : notDone;
        }
    }

    private static boolean isWrite(Request request) {
        return !READS.contains(request.command());
    }

    private Uni<Response> unbounded(Request request, Sending sending) {
        return connections.on(connection -> {
            sending.sent = true;
            return connection.send(request);
        }, pooled -> {
            // the pool may still be waiting for a connection; counted as sent, the safe side
            sending.sent = true;
            return pooled.send(request);
        });
    }

    private static Request scriptCall(Command command, String script, List<byte[]> keys, List<byte[]> args) {
        Request request = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    /**
     * The time bound is a Vert.x timer on the caller's event loop, cancelled on the answer: measured
     * cheaper than Mutiny's ifNoItem().after(), which schedules and cancels on a shared executor.
     */
    private <T> Uni<T> bounded(Uni<T> call, Duration timeout, Sending sending) {
        return Uni.createFrom().<T> emitter(emitter -> {
            long timer = vertx.setTimer(timeout.toMillis(), id -> emitter.fail(sending.noAnswer(timeout)));
            Cancellable answer = call.subscribe().with(item -> {
                state.answered();
                emitter.complete(item);
            }, emitter::fail);
            // a caller that went away (client disconnect) stops waiting for Redis too, as ifNoItem() did
            emitter.onTermination(() -> {
                vertx.cancelTimer(timer);
                answer.cancel();
            });
        }).onFailure(failure -> !(failure instanceof ProblemException)).transform(sending::lost)
                .onFailure(RedisExecutor::isOutage).invoke(outage -> state.unavailable(outage.getMessage()));
    }

    private static boolean isOutage(Throwable failure) {
        return failure instanceof ProblemException problem
                && (problem.type == ProblemType.BACKEND_UNAVAILABLE || problem.type == ProblemType.OUTCOME_UNKNOWN);
    }

    private static boolean isNoScript(Throwable failure) {
        return replyCode(failure).equals("NOSCRIPT");
    }

    /** A Redis error reply carries its code as the first word; anything else is the connection failing. */
    static ProblemException classify(Throwable failure) {
        String code = replyCode(failure);
        if (code.isEmpty()) {
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
        // Redis 6 reports a refusal inside a script as "ERR Error running script ... -OOM ..."
        if (code.equals("OOM") || code.equals("ERR") && failure.getMessage().contains(" -OOM ")) {
            return ProblemException.backendUnavailable("Redis is out of memory (maxmemory): nothing was written");
        }
        if (UNAVAILABLE.contains(code)) {
            return ProblemException.backendUnavailable("Redis cannot serve the request now (" + code + ")");
        }
        if (code.equals("CROSSSLOT")) {
            return new ProblemException(ProblemType.CROSS_SLOT, "on Redis Cluster the keys of this call must share a hash slot");
        }
        // the code only: Redis's message may quote the command's arguments, which are user data
        Log.errorf("Redis refused a command with %s (message not logged)", code);
        return new ProblemException(ProblemType.INTERNAL_ERROR, "Redis refused the command; the failure is logged");
    }

    /** A failure that carries no reply from Redis: the connection failed, not the command. */
    static boolean withoutReply(Throwable failure) {
        return replyCode(failure).isEmpty();
    }

    private static String replyCode(Throwable failure) {
        if (failure instanceof io.vertx.redis.client.Response reply && reply.type() == ResponseType.ERROR
                && failure.getMessage() != null) {
            String message = BATCH_ERROR.matcher(failure.getMessage()).replaceFirst("");
            if (message.contains("(CROSSSLOT)")) {
                return "CROSSSLOT"; // the cluster client refuses a cross-slot call itself, in a message quoting the command
            }
            int space = message.indexOf(' ');
            String code = space < 0 ? message : message.substring(0, space);
            // the client also reports a connection lost mid-batch this way, with an exception name as text
            return ERROR_CODE.matcher(code).matches() ? code : "";
        }
        return "";
    }
}
