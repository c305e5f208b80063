import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lock acquire+release through the gateway vs. the same work on raw Redis (SET NX PX, then a Lua
 * compare-and-delete), in one run. Run by bench/run; usage:
 * java bench/LockBench.java <gateway base URL> <token> <redis port> <seconds> <contending clients> [warm-up seconds=15]
 * Besides the table it prints one "RESULT <case> key=value..." line per case for bench/run to parse.
 */
public class LockBench {

    static final Pattern LEASE_ID = Pattern.compile("\"leaseId\":\"([^\"]+)\"");
    static final String RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    public static void main(String[] args) throws Exception {
        String base = args[0], token = args[1];
        int redisPort = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        int clients = Integer.parseInt(args[4]);
        long warmup = args.length > 5 ? Long.parseLong(args[5]) : 15;

        Gateway gateway = new Gateway(URI.create(base).getPort(), token);
        // warm-up: the JIT, the pool, the scripts
        run(() -> gateway.cycle("warm-up", 0), 8, Math.max(1, warmup * 2 / 3));
        run(() -> gateway.cycle("warm-up-" + Thread.currentThread().getId(), 0), 1, Math.max(1, warmup / 3));

        Result gwSolo = run(() -> gateway.cycle("solo-" + UUID.randomUUID(), 0), 1, seconds);
        Result rawSolo = run(() -> raw(redisPort).cycle("rgw-bench-solo"), 1, seconds);
        Result gwContended = run(() -> gateway.cycle("contended", 30_000), clients, seconds);
        Result rawContended = run(() -> raw(redisPort).cycle("rgw-bench-contended"), clients, seconds);

        System.out.printf("lock bench: %d s per run, %d contending clients, %d cores, gateway and Redis on one machine%n",
                seconds, clients, Runtime.getRuntime().availableProcessors());
        System.out.printf("%-28s %12s %12s %10s %14s %14s%n", "acquire+release", "gateway/s", "redis/s", "ratio", "gateway_p50ms", "redis_p50ms");
        print("uncontended (1 client)", gwSolo, rawSolo);
        print("contended (" + clients + " clients)", gwContended, rawContended);
        System.out.printf("uncontended p99: gateway %.2f ms, redis %.2f ms%n", gwSolo.p(0.99), rawSolo.p(0.99));
        result("uncontended", gwSolo, rawSolo);
        result("contended", gwContended, rawContended);
    }

    static void result(String label, Result gateway, Result redis) {
        System.out.printf("RESULT %s gateway_per_s=%.0f redis_per_s=%.0f ratio=%.3f gateway_p99_ms=%.2f redis_p99_ms=%.2f%n", label,
                gateway.rate(), redis.rate(), gateway.rate() / redis.rate(), gateway.p(0.99), redis.p(0.99));
    }

    static void print(String label, Result gateway, Result redis) {
        System.out.printf("%-28s %12.0f %12.0f %10.3f %14.2f %14.2f%n", label, gateway.rate(), redis.rate(),
                gateway.rate() / redis.rate(), gateway.p(0.5), redis.p(0.5));
    }

    interface Cycle {
        void cycle() throws Exception;
    }

    record Result(long cycles, long nanos, long[] latencies) {
        double rate() {
            return cycles * 1e9 / nanos;
        }

        double p(double q) {
            return latencies.length == 0 ? 0 : latencies[(int) Math.min(latencies.length - 1, q * latencies.length)] / 1e6;
        }
    }

    /** Each client thread makes its own Cycle (its own connection for raw Redis) and runs it until time is up. */
    static Result run(ThrowingSupplier<Cycle> perClient, int clients, long seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong cycles = new AtomicLong();
        List<Future<long[]>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                Cycle cycle = perClient.get();
                long[] lat = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t = System.nanoTime();
                    cycle.cycle();
                    if (n < lat.length) {
                        lat[n++] = System.nanoTime() - t;
                    }
                    cycles.incrementAndGet();
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : done) {
            all.add(f.get());
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(cycles.get(), nanos, merged);
    }

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /**
     * The gateway's lock API over one keep-alive HTTP/1.1 connection per client, written by hand like the
     * raw Redis side: measured, java.net.http.HttpClient alone costs about 0.4 ms per sequential request
     * here, more than the gateway's own work, and would measure the client instead of the gateway.
     */
    record Gateway(int port, String token) {
        Cycle cycle(String lock, long waitMillis) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String leases = "/v1/namespaces/bench/locks/" + lock + "/leases";
            String acquire = "{\"ttlMillis\":30000,\"waitMillis\":" + waitMillis + "}";
            return () -> {
                String[] acquired;
                do {
                    acquired = exchange(out, in, "POST", leases, acquire);
                } while (acquired[0].equals("409"));
                if (!acquired[0].equals("201")) {
                    throw new IllegalStateException("acquire: " + acquired[0] + " " + acquired[1]);
                }
                Matcher id = LEASE_ID.matcher(acquired[1]);
                id.find();
                String[] released = exchange(out, in, "DELETE", leases + "/" + id.group(1), null);
                if (!released[0].equals("204")) {
                    throw new IllegalStateException("release: " + released[0]);
                }
            };
        }

        /** One request and its answer: {status, body}; bodies by Content-Length or chunked. */
        String[] exchange(OutputStream out, InputStream in, String method, String path, String body) throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + (body == null ? "" : "\r\nContent-Type: application/json") + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String status = Raw.line(in).split(" ")[1];
            int length = 0;
            boolean chunked = false;
            for (String header = Raw.line(in); !header.isEmpty(); header = Raw.line(in)) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            StringBuilder received = new StringBuilder();
            if (!chunked) {
                received.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            } else {
                for (int size = Integer.parseInt(Raw.line(in).trim(), 16); size > 0; size = Integer.parseInt(Raw.line(in).trim(), 16)) {
                    received.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                    Raw.line(in);
                }
                Raw.line(in);
            }
            return new String[] {status, received.toString()};
        }
    }

    /** The usual Redis lock without a gateway: SET key id NX PX ttl, retried until it succeeds; release by compare-and-delete. */
    static Raw raw(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        return new Raw(socket.getOutputStream(), new BufferedInputStream(socket.getInputStream()));
    }

    record Raw(OutputStream out, InputStream in) {
        Cycle cycle(String key) {
            return () -> {
                String id = UUID.randomUUID().toString();
                while (!"OK".equals(call("SET", key, id, "NX", "PX", "30000"))) {
                    Thread.onSpinWait();
                }
                call("EVAL", RELEASE, "1", key, id);
            };
        }

        String call(String... parts) throws IOException {
            StringBuilder cmd = new StringBuilder("*" + parts.length + "\r\n");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                cmd.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
            }
            out.write(cmd.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply(in);
        }

        static String reply(InputStream in) throws IOException {
            String line = line(in);
            return switch (line.charAt(0)) {
                case '+', ':' -> line.substring(1);
                case '$' -> {
                    int len = Integer.parseInt(line.substring(1));
                    if (len < 0) {
                        yield null;
                    }
                    byte[] data = in.readNBytes(len + 2);
                    yield new String(data, 0, len, StandardCharsets.UTF_8);
                }
                case '-' -> throw new IOException(line);
                default -> throw new IOException("unexpected reply " + line);
            };
        }

        static String line(InputStream in) throws IOException {
            StringBuilder s = new StringBuilder();
            for (int b = in.read(); b != '\r'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("closed");
                }
                s.append((char) b);
            }
            in.read();
            return s.toString();
        }
    }
}
