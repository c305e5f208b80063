package io.redismesh.gateway.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.redismesh.gateway.support.EventStreamClient;
import io.redismesh.gateway.support.EventStreamClient.Event;
import io.redismesh.gateway.support.RedisSignals;
import io.redismesh.gateway.support.ShortRedisTimeout;
import io.redismesh.gateway.support.Tokens;
import io.smallrye.common.annotation.Identifier;

/**
 * Redis faults under steady traffic (issue 14). Client threads read, write, increment, pop, lock and
 * publish through the gateway while the test's own redis-server is frozen (SIGSTOP) or killed
 * (SIGKILL) and started again on its port. Checked over every answer: during the fault only 503 with
 * Retry-After, or 504 outcome-unknown for a write; never a 500, never longer than the Redis timeout
 * plus a margin. Checked against Redis afterwards: what the 2xx answers claim happened did, what the
 * 503s refused did not (counters, values, popped items, fencing tokens, delivered messages). And
 * every kind of call succeeds again within a bound, readiness went DOWN and came back UP, open
 * subscriptions stay open and are told {@code reconnected} after a restart. RedisOutageTest and
 * OutcomeUnknownTest pin single calls; this is the same contract under concurrent load.
 */
@QuarkusTest
@TestProfile(ShortRedisTimeout.class)
class RedisFaultsTest {

    /** Past the Redis timeout, what an answer may take on a busy two-core machine (a hang shows as no answer in twice that). */
    private static final Duration MARGIN = Duration.ofSeconds(4);
    private static final Duration FAULT = Duration.ofSeconds(3);
    /** From Redis being back to every kind of call answered by it again, and subscribers told (their reconnect backs off up to 5 s). */
    private static final Duration RECOVERY = Duration.ofSeconds(10);
    private static final int SUBSCRIBERS = 3;
    private static final int QUEUE_ITEMS = 3000;
    /** A client-side status for a call that got no answer at all. */
    private static final int NO_ANSWER = 0;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Inject
    @Identifier(EmbeddedRedis.PROVIDER_NAME)
    EmbeddedRedis embeddedRedis;

    @Inject
    RedisDataSource redis;

    @ConfigProperty(name = "quarkus.redis.timeout")
    Duration timeout;

    @Test
    void aFrozenRedisCostsOnly503sAnd504sAndEveryAcknowledgedWriteHappened() throws Exception {
        try (Traffic traffic = new Traffic("frozen")) {
            traffic.startSteady();
            RedisSignals.freeze(embeddedRedis);
            // taken once the signal is sent: an answer to a call started before may still have been on its way
            long faultStart = System.nanoTime();
            long faultEnd;
            try {
                Thread.sleep(FAULT.toMillis());
            } finally {
                // taken before the thaw: an answer that ends before it cannot have come from Redis
                faultEnd = System.nanoTime();
                RedisSignals.thaw(embeddedRedis);
            }
            traffic.awaitRecovery(faultEnd, false);
            traffic.stop();
            traffic.assertContractKept(faultStart, faultEnd, 0, false);
        }
    }

    @Test
    void aKilledAndRestartedRedisCostsOnly503sAnd504sAndSubscribersAreToldTheyReconnected() throws Exception {
        try (Traffic traffic = new Traffic("killed")) {
            traffic.startSteady();
            RedisSignals.kill(embeddedRedis);
            long faultStart = System.nanoTime();
            // generation 0's keys died with the process (no persistence): calls from now on use generation 1's
            traffic.generation = 1;
            long faultEnd;
            try {
                Thread.sleep(FAULT.toMillis());
            } finally {
                faultEnd = System.nanoTime();
                embeddedRedis.start();
            }
            traffic.fill(1);
            traffic.awaitRecovery(faultEnd, true);
            traffic.stop();
            traffic.assertContractKept(faultStart, faultEnd, 1, true);
        }
    }

    enum Op {
        GET(false), PUT(true), INCREMENT(true), POP(true), ACQUIRE(true), RELEASE(true), PUBLISH(true), READY(false);

        /** A write may answer 504 outcome-unknown; a read never does. */
        final boolean write;

        Op(boolean write) {
            this.write = write;
        }
    }

    /** One answer: which call, on which generation of keys, what it sent (a value or payload), what came back, when. */
    record Call(Op op, int generation, String sent, int status, String body, String retryAfter, long started, long ended) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Redis took part in the answer (anything but 503, 504 or none). */
        boolean answeredByRedis() {
            return status != 503 && status != 504 && status != NO_ANSWER;
        }

        long millis() {
            return (ended - started) / 1_000_000;
        }

        /** The body as JSON; a missing node when it is not JSON (a plain-text value). */
        JsonNode json() {
            try {
                JsonNode json = body == null || body.isEmpty() ? null : JSON.readTree(body);
                return json == null ? JSON.missingNode() : json;
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }

        List<String> items() {
            List<String> items = new ArrayList<>();
            json().path("items").forEach(item -> items.add(item.asText()));
            return items;
        }

        @Override
        public String toString() {
            return op + " gen " + generation + (sent == null ? "" : " sent " + sent) + " -> " + status + " in " + millis() + " ms "
                    + (body == null ? "" : body.substring(0, Math.min(body.length(), 160)));
        }
    }

    /** The client threads of one test, the subscribers, and everything they saw. */
    final class Traffic implements AutoCloseable {

        private final String run;
        private final String token = Tokens.developer();
        /** Every answer so far, in the order they ended. */
        private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
        private final List<Thread> workers = new ArrayList<>();
        private final List<Subscriber> subscribers = new ArrayList<>();
        private final AtomicLong sequence = new AtomicLong();
        /** When each generation's read value and queue were filled (nanoTime). */
        private final Map<Integer, Long> filledAt = new ConcurrentHashMap<>();
        private final Map<Integer, List<String>> filled = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private long recoveryMillis = -1;
        volatile int generation;

        Traffic(String name) {
            run = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        /** Fills generation 0, opens the subscribers, starts the clients and waits for every kind of call to succeed. */
        void startSteady() throws InterruptedException {
            fill(0);
            for (int i = 0; i < SUBSCRIBERS; i++) {
                subscribers.add(new Subscriber(EventStreamClient.open(uri("v1/namespaces/demo/channels/" + channel() + "/events"), token)));
            }
            worker(this::get);
            worker(this::put);
            worker(this::increment);
            worker(this::increment);
            worker(this::pop);
            worker(this::lock);
            worker(this::lock);
            worker(this::publish);
            worker(() -> {
                calls.add(send(Op.READY, null, HttpRequest.newBuilder(uri("q/health/ready")).GET()));
                pause(100);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> EnumSet.allOf(Op.class).stream()
                    .allMatch(op -> calls.stream().anyMatch(call -> call.op() == op && call.ok())));
        }

        /** Sets generation {@code generation}'s read value and fills its queue, straight into Redis. */
        void fill(int generation) {
            List<String> items = IntStream.range(0, QUEUE_ITEMS).mapToObj(i -> "item-" + i).toList();
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                redis.value(String.class).set(redisKey(readKey(generation)), "steady");
                redis.key().del(redisKey(queueKey(generation)));
                redis.list(String.class).rpush(redisKey(queueKey(generation)), items.toArray(String[]::new));
            });
            filled.put(generation, items);
            filledAt.put(generation, System.nanoTime());
        }

        /** Every kind of call started after {@code faultEnd} is answered by Redis again (and, after a restart, subscribers are told). */
        void awaitRecovery(long faultEnd, boolean restarted) {
            await().atMost(RECOVERY).until(() -> EnumSet.allOf(Op.class).stream()
                    .allMatch(op -> calls.stream().anyMatch(call -> call.op() == op && call.started() > faultEnd && call.answeredByRedis()))
                    && (!restarted || subscribers.stream().allMatch(subscriber -> subscriber.has("reconnected"))));
            long recovered = EnumSet.allOf(Op.class).stream().mapToLong(op -> calls.stream()
                    .filter(call -> call.op() == op && call.started() > faultEnd && call.answeredByRedis())
                    .mapToLong(Call::ended).min().orElseThrow()).max().orElseThrow();
            recoveryMillis = (recovered - faultEnd) / 1_000_000;
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread worker : workers) {
                worker.join(timeout.plus(MARGIN).multipliedBy(3).toMillis());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            subscribers.forEach(Subscriber::close);
        }

        /** Every check below; {@code generation}: the keys whose Redis state is there to be checked. */
        void assertContractKept(long faultStart, long faultEnd, int generation, boolean restarted) throws InterruptedException {
            List<String> violations = answerViolations(faultStart, faultEnd);
            violations.addAll(redisViolations(generation));
            violations.addAll(fencingViolations());
            violations.addAll(deliveryViolations(restarted));
            System.out.println(summary());
            assertTrue(violations.isEmpty(), summary() + "\n" + String.join("\n", violations));
        }

        String summary() {
            return run + ": every kind of call answered by Redis again " + recoveryMillis + " ms after it was back; slowest answer "
                    + calls.stream().mapToLong(Call::millis).max().orElse(0) + " ms; answers: " + calls.stream().collect(Collectors.groupingBy(call -> call.op() + " " + call.status(), Collectors.counting()));
        }

        // --- the clients -------------------------------------------------------------------------

        private void get() {
            int generation = this.generation;
            calls.add(send(Op.GET, generation, null, api("keys/" + readKey(generation)).GET()));
        }

        private void put() {
            int generation = this.generation;
            String value = String.valueOf(sequence.incrementAndGet());
            calls.add(send(Op.PUT, generation, value, api("keys/" + putKey(generation)).header("Content-Type", "text/plain")
                    .PUT(BodyPublishers.ofString(value))));
        }

        private void increment() {
            int generation = this.generation;
            calls.add(send(Op.INCREMENT, generation, null, api("keys/" + counterKey(generation) + "/increment")
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"by\":1}"))));
        }

        private void pop() {
            int generation = this.generation;
            calls.add(send(Op.POP, generation, null, api("lists/" + queueKey(generation) + "/items:pop").POST(BodyPublishers.noBody())));
        }

        /** Acquires the lock and releases it; the fencing tokens of the grants are checked afterwards. */
        private void lock() {
            Call acquired = send(Op.ACQUIRE, generation, null, api("locks/" + run + "/leases")
                    .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"ttlMillis\":2000}")));
            calls.add(acquired);
            if (acquired.status() == 201) {
                String leaseId = acquired.json().path("leaseId").asText();
                calls.add(send(Op.RELEASE, generation, leaseId, api("locks/" + run + "/leases/" + leaseId).DELETE()));
            }
        }

        private void publish() {
            String payload = "m-" + sequence.incrementAndGet();
            calls.add(send(Op.PUBLISH, generation, payload, api("channels/" + channel() + "/messages").header("Content-Type", "text/plain")
                    .POST(BodyPublishers.ofString(payload))));
        }

        private void worker(Runnable call) {
            Thread worker = new Thread(() -> {
                while (running) {
                    call.run();
                    pause(10);
                }
            }, "faults-" + workers.size());
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }

        private HttpRequest.Builder api(String path) {
            return HttpRequest.newBuilder(uri("v1/namespaces/demo/" + path)).header("Authorization", "Bearer " + token);
        }

        private Call send(Op op, String sent, HttpRequest.Builder request) {
            return send(op, generation, sent, request);
        }

        private Call send(Op op, int generation, String sent, HttpRequest.Builder request) {
            long started = System.nanoTime();
            try {
                // a hang shows as NO_ANSWER, well after the bound the checks hold answers to
                HttpResponse<String> response = HTTP.send(request.timeout(timeout.plus(MARGIN).multipliedBy(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Call(op, generation, sent, response.statusCode(), response.body(),
                        response.headers().firstValue("Retry-After").orElse(null), started, System.nanoTime());
            } catch (IOException e) {
                // a timeout (a hang) or a reset connection
                return new Call(op, generation, sent, NO_ANSWER, e.toString(), null, started, System.nanoTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        // --- the checks --------------------------------------------------------------------------

        /** Every answer is one the contract allows, in time; inside the fault only 503 or 504; readiness went DOWN and came back UP. */
        List<String> answerViolations(long faultStart, long faultEnd) {
            List<String> violations = new ArrayList<>();
            long bound = timeout.plus(MARGIN).toMillis();
            Predicate<Call> inFault = call -> call.started() > faultStart && call.ended() < faultEnd;
            for (Call call : calls) {
                if (call.millis() > bound) {
                    violations.add("answered after more than " + bound + " ms: " + call);
                }
                if (!allowed(call)) {
                    violations.add("not an allowed answer: " + call);
                }
                if (inFault.test(call) && call.answeredByRedis()) {
                    violations.add("answered by a Redis that was away: " + call);
                }
            }
            for (Op op : Op.values()) {
                if (op != Op.RELEASE && calls.stream().noneMatch(call -> call.op() == op && inFault.test(call))) {
                    violations.add("no " + op + " call inside the fault: the fault did not meet the traffic");
                }
            }
            if (calls.stream().noneMatch(call -> call.op() == Op.READY && call.status() == 503 && inFault.test(call))) {
                violations.add("readiness never went DOWN during the fault");
            }
            if (calls.stream().noneMatch(call -> call.op() == Op.READY && call.ok() && call.started() > faultEnd)) {
                violations.add("readiness never came back UP");
            }
            return violations;
        }

        private boolean allowed(Call call) {
            return switch (call.status()) {
                case 503 -> call.op() == Op.READY || problem(call, "backend-unavailable") && call.retryAfter() != null;
                case 504 -> call.op().write && problem(call, "outcome-unknown");
                default -> switch (call.op()) {
                    // 404: the generation's value was not set yet (just after a restart)
                    case GET -> call.status() == 200 && "steady".equals(call.body())
                            || call.status() == 404 && call.started() < filledAt.getOrDefault(call.generation(), Long.MAX_VALUE);
                    case PUT -> call.status() == 201 || call.status() == 204;
                    case INCREMENT, POP, READY -> call.status() == 200;
                    case ACQUIRE -> call.status() == 201 || call.status() == 409 && problem(call, "lock-held");
                    // 410: the lease lapsed (2 s) while Redis was away
                    case RELEASE -> call.status() == 204 || call.status() == 410;
                    case PUBLISH -> call.status() == 202;
                };
            };
        }

        private static boolean problem(Call call, String slug) {
            return call.json().path("type").asText().equals("/problems/" + slug);
        }

        /** Redis holds what the 2xx answers of {@code generation} claim, and nothing that a 503 refused. */
        List<String> redisViolations(int generation) {
            List<String> violations = new ArrayList<>();
            List<Call> ours = calls.stream().filter(call -> call.generation() == generation).toList();
            // increments: every acknowledged one counted, at most the 504s on top
            long acknowledged = ours.stream().filter(call -> call.op() == Op.INCREMENT && call.ok()).count();
            long unknown = ours.stream().filter(call -> call.op() == Op.INCREMENT && call.status() == 504).count();
            String counter = redis.value(String.class).get(redisKey(counterKey(generation)));
            long count = counter == null ? 0 : Long.parseLong(counter);
            if (count < acknowledged || count > acknowledged + unknown) {
                violations.add("counter " + count + " after " + acknowledged + " acknowledged and " + unknown + " unknown increments");
            }
            List<Long> answered = ours.stream().filter(call -> call.op() == Op.INCREMENT && call.ok())
                    .map(call -> call.json().path("value").asLong()).toList();
            if (new HashSet<>(answered).size() != answered.size()) {
                violations.add("two increments answered the same value: " + answered);
            }
            // puts: the value is the last acknowledged one, or one whose outcome was unknown (it may land late)
            long lastAcknowledged = ours.stream().filter(call -> call.op() == Op.PUT && call.ok())
                    .mapToLong(call -> Long.parseLong(call.sent())).max().orElse(-1);
            Set<String> unknownPuts = ours.stream().filter(call -> call.op() == Op.PUT && call.status() == 504).map(Call::sent)
                    .collect(Collectors.toSet());
            String value = redis.value(String.class).get(redisKey(putKey(generation)));
            boolean expected = value == null ? lastAcknowledged < 0
                    : value.equals(String.valueOf(lastAcknowledged)) || unknownPuts.contains(value);
            if (!expected) {
                violations.add("value " + value + " after PUT " + lastAcknowledged + " was acknowledged (unknown: " + unknownPuts + ")");
            }
            // pops: each acknowledged item left the queue once; only 504 pops may have taken items nobody saw
            List<String> popped = ours.stream().filter(call -> call.op() == Op.POP && call.ok()).flatMap(call -> call.items().stream())
                    .toList();
            List<String> remaining = redis.list(String.class).lrange(redisKey(queueKey(generation)), 0, -1);
            Set<String> left = new HashSet<>(filled.get(generation));
            if (new HashSet<>(popped).size() != popped.size()) {
                violations.add("an item was popped twice");
            }
            popped.stream().filter(remaining::contains).findFirst()
                    .ifPresent(item -> violations.add(item + " was acknowledged as popped but is still queued"));
            popped.forEach(left::remove);
            remaining.forEach(left::remove);
            long unknownPops = ours.stream().filter(call -> call.op() == Op.POP && call.status() == 504).count();
            if (left.size() > unknownPops) {
                violations.add(left.size() + " items left the queue unseen, with " + unknownPops + " pops of unknown outcome");
            }
            return violations;
        }

        /** Fencing tokens of granted leases are distinct and increase with time, across a restart too. */
        List<String> fencingViolations() {
            List<Call> grants = calls.stream().filter(call -> call.op() == Op.ACQUIRE && call.status() == 201).toList();
            List<String> violations = new ArrayList<>();
            for (Call earlier : grants) {
                for (Call later : grants) {
                    if (earlier.ended() < later.started()
                            && earlier.json().path("fencingToken").asLong() >= later.json().path("fencingToken").asLong()) {
                        violations.add("fencing token did not increase: " + earlier + " then " + later);
                    }
                }
            }
            return violations;
        }

        /**
         * Every subscriber stayed connected; it got each message whose publish reached the gateway's own
         * subscription (202 with receivers), nothing twice, nothing a 503 refused; and after a restart
         * it was told {@code reconnected}.
         */
        List<String> deliveryViolations(boolean restarted) throws InterruptedException {
            String marker = "end-" + run;
            Call last = send(Op.PUBLISH, marker, api("channels/" + channel() + "/messages").header("Content-Type", "text/plain")
                    .POST(BodyPublishers.ofString(marker)));
            List<String> violations = new ArrayList<>();
            if (last.status() != 202) {
                violations.add("the final publish failed: " + last);
                return violations;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> subscribers.stream().allMatch(s -> s.has(marker) || s.ended()));
            Set<String> mayArrive = calls.stream().filter(call -> call.op() == Op.PUBLISH && (call.ok() || call.status() == 504))
                    .map(Call::sent).collect(Collectors.toSet());
            Set<String> mustArrive = calls.stream().filter(call -> call.op() == Op.PUBLISH && call.ok()
                    && call.json().path("receivers").asLong() > 0).map(Call::sent).collect(Collectors.toSet());
            for (Subscriber subscriber : subscribers) {
                if (subscriber.ended()) {
                    violations.add("a subscription ended: " + subscriber.events);
                }
                if (restarted && !subscriber.has("reconnected")) {
                    violations.add("a subscriber was not told it reconnected");
                }
                List<String> messages = subscriber.events.stream().filter(event -> event.type().equals("message"))
                        .map(Event::data).filter(data -> !data.equals(marker)).toList();
                if (new HashSet<>(messages).size() != messages.size()) {
                    violations.add("a message arrived twice");
                }
                messages.stream().filter(message -> !mayArrive.contains(message)).findFirst()
                        .ifPresent(message -> violations.add(message + " arrived but its publish answered neither 202 nor 504"));
                mustArrive.stream().filter(message -> !messages.contains(message)).findFirst()
                        .ifPresent(message -> violations.add(message + " was published to a live subscription but never arrived"));
            }
            return violations;
        }

        // --- names ------------------------------------------------------------------------------

        private String readKey(int generation) {
            return run + "-read-" + generation;
        }

        private String putKey(int generation) {
            return run + "-put-" + generation;
        }

        private String counterKey(int generation) {
            return run + "-counter-" + generation;
        }

        private String queueKey(int generation) {
            return run + "-queue-" + generation;
        }

        private String channel() {
            return run;
        }

        private static String redisKey(String key) {
            return "rgw:demo:" + key;
        }
    }

    /** An open subscription whose events are collected as they come. */
    private static final class Subscriber {

        final List<Event> events = new CopyOnWriteArrayList<>();
        private final EventStreamClient client;
        private volatile boolean ended;

        Subscriber(EventStreamClient client) throws InterruptedException {
            this.client = client.awaitOpen();
            Thread reader = new Thread(() -> {
                try {
                    for (Event event = client.nextEvent(Duration.ofMinutes(5)); event != null; event = client.nextEvent(Duration.ofMinutes(5))) {
                        events.add(event);
                    }
                } catch (InterruptedException | AssertionError e) {
                    // closed by the test
                }
                ended = true;
            }, "faults-subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        boolean has(String typeOrData) {
            return events.stream().anyMatch(event -> event.type().equals(typeOrData) || event.data().equals(typeOrData));
        }

        boolean ended() {
            return ended;
        }

        void close() {
            client.close();
        }
    }

    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
