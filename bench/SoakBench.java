import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A soak: mixed load through the gateway (GET, PUT with a TTL, increment, lock acquire+release, and
 * publishes to a channel that every open SSE stream subscribes to) for a fixed time, while the
 * gateway's RSS and heap after a full GC are sampled every 10 s. A leak shows as heap after GC that
 * keeps growing; a bug under load as 5xx, transport errors or streams that end early.
 *
 * Usage: java bench/SoakBench.java <port> <token> <gateway pid> <seconds> <warm-up seconds> <streams>
 *        <requests per second> <publishes per second> <clients> <heap growth % allowed> <heap growth MiB allowed>
 * Heap growth fails the soak when it exceeds both bounds: the MiB floor keeps a small heap's GC noise from failing it.
 * Run by bench/soak, which starts Redis and the gateway. Prints "SAMPLE key=value..." every 10 s and
 * a last "RESULT key=value..." line; exits 1 when the soak failed.
 */
public class SoakBench {

    static final String NS = "/v1/namespaces/bench/";
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    static final Pattern LEASE_ID = Pattern.compile("\"leaseId\":\"([^\"]+)\"");

    /** Answers by call and status (0: no answer, a transport error or a 10 s timeout). */
    static final Map<String, LongAdder> ANSWERS = new ConcurrentHashMap<>();
    static final LongAdder REQUESTS = new LongAdder();
    static final LongAdder SERVER_ERRORS = new LongAdder();
    static final LongAdder ERRORS = new LongAdder();
    static final LongAdder PUBLISHED = new LongAdder();

    static HttpClient http;
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        token = args[1];
        long pid = Long.parseLong(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int streams = Integer.parseInt(args[5]);
        double rate = Double.parseDouble(args[6]);
        double publishRate = Double.parseDouble(args[7]);
        int clients = Integer.parseInt(args[8]);
        double allowedGrowth = Double.parseDouble(args[9]);
        double allowedGrowthMib = Double.parseDouble(args[10]);
        base = "http://127.0.0.1:" + port;
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

        Streams sse = new Streams(port, streams);
        System.out.printf("streams open: %d of %d%n", sse.open(), streams);

        long end = System.nanoTime() + Duration.ofSeconds(warmup + seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            threads.add(paced("client-" + i, rate / clients, end, n -> mixed(client, n)));
        }
        threads.add(paced("publisher", publishRate, end, n -> call("PUBLISH", request("channels/soak/messages")
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("soak " + n)), 202)));

        // the streams are read on this thread; every 10 s after the warm-up, a sample
        long nextSample = System.nanoTime() + Duration.ofSeconds(warmup).plus(SAMPLE_EVERY).toNanos();
        long measuredFrom = nextSample - SAMPLE_EVERY.toNanos();
        List<double[]> samples = new ArrayList<>();
        while (System.nanoTime() < end) {
            sse.poll(100);
            if (System.nanoTime() >= nextSample) {
                double heap = heapAfterGcMib(pid);
                double rss = rssMib(pid);
                double at = (System.nanoTime() - measuredFrom) / 1e9;
                samples.add(new double[] { at, rss, heap });
                System.out.printf("SAMPLE t=%.0f rss_mib=%.1f heap_after_gc_mib=%.1f requests=%d 5xx=%d errors=%d events=%d streams_open=%d%n",
                        at, rss, heap, REQUESTS.sum(), SERVER_ERRORS.sum(), ERRORS.sum(), sse.events, sse.open());
                nextSample += SAMPLE_EVERY.toNanos();
            }
        }
        for (Thread thread : threads) {
            thread.join(15_000);
        }
        sse.poll(1000);

        int third = Math.max(1, samples.size() / 3);
        double firstHeap = mean(samples.subList(0, third), 2);
        double lastHeap = mean(samples.subList(samples.size() - third, samples.size()), 2);
        double growth = 100 * (lastHeap - firstHeap) / firstHeap;
        double rssGrowth = 100 * (mean(samples.subList(samples.size() - third, samples.size()), 1) - mean(samples.subList(0, third), 1))
                / mean(samples.subList(0, third), 1);
        long ended = streams - sse.open();
        long expectedEvents = PUBLISHED.sum() * sse.open();
        boolean pass = SERVER_ERRORS.sum() == 0 && ERRORS.sum() == 0 && ended == 0 && samples.size() >= 3
                && (growth <= allowedGrowth || lastHeap - firstHeap <= allowedGrowthMib);
        for (Map.Entry<String, LongAdder> answer : new TreeMap<>(ANSWERS).entrySet()) {
            System.out.printf("ANSWER %s %d%n", answer.getKey(), answer.getValue().sum());
        }
        System.out.printf("RESULT pass=%s requests=%d 5xx=%d errors=%d streams=%d streams_ended=%d published=%d events=%d events_expected=%d"
                + " heap_first_third_mib=%.1f heap_last_third_mib=%.1f heap_growth_pct=%.1f rss_growth_pct=%.1f samples=%d%n",
                pass, REQUESTS.sum(), SERVER_ERRORS.sum(), ERRORS.sum(), streams, ended, PUBLISHED.sum(), sse.events, expectedEvents,
                firstHeap, lastHeap, growth, rssGrowth, samples.size());
        System.exit(pass ? 0 : 1);
    }

    interface Call {
        void run(long n) throws Exception;
    }

    /** A thread doing {@code call} at {@code perSecond} until {@code end} (no catch-up bursts after a slow answer). */
    static Thread paced(String name, double perSecond, long end, Call call) {
        long period = (long) (1e9 / perSecond);
        Thread thread = new Thread(() -> {
            long next = System.nanoTime();
            for (long n = 0; System.nanoTime() < end; n++) {
                try {
                    call.run(n);
                } catch (Exception e) {
                    ERRORS.increment();
                }
                next = Math.max(next + period, System.nanoTime() - period);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, name);
        thread.start();
        return thread;
    }

    /** One call of the mix: 4 in 10 GET, 3 PUT, 2 increment, 1 lock acquire+release; over 1 000 keys with a 60 s TTL. */
    static void mixed(int client, long n) throws Exception {
        String key = "soak-" + (n * 7919 + client) % 1000;
        switch ((int) (n % 10)) {
            case 0, 1, 2, 3 -> call("GET", request("keys/" + key).GET(), 200, 404);
            case 4, 5, 6 -> call("PUT", request("keys/" + key + "?ttl=60000").header("Content-Type", "text/plain")
                    .PUT(BodyPublishers.ofString("v".repeat(100))), 201, 204);
            case 7, 8 -> call("INCREMENT", request("keys/soak-counter-" + client + "/increment").header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString("{\"by\":1}")), 200);
            default -> {
                String lock = "locks/soak-" + client;
                String body = call("ACQUIRE", request(lock + "/leases").header("Content-Type", "application/json")
                        .POST(BodyPublishers.ofString("{\"ttlMillis\":5000}")), 201);
                Matcher lease = LEASE_ID.matcher(body == null ? "" : body);
                if (lease.find()) {
                    call("RELEASE", request(lock + "/leases/" + lease.group(1)).DELETE(), 204);
                }
            }
        }
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + NS + path)).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10));
    }

    /** Sends, counts the answer; returns the body of an expected answer, else null. */
    static String call(String name, HttpRequest.Builder request, int... expected) {
        REQUESTS.increment();
        int status;
        String body = null;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (IOException e) {
            status = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 0;
        }
        ANSWERS.computeIfAbsent(name + " " + status, k -> new LongAdder()).increment();
        if (status >= 500) {
            SERVER_ERRORS.increment();
        }
        for (int ok : expected) {
            if (status == ok) {
                if (name.equals("PUBLISH")) {
                    PUBLISHED.increment();
                }
                return body;
            }
        }
        if (status < 500) {
            // no answer at all, or a status this call never gives
            ERRORS.increment();
        }
        return null;
    }

    static double mean(List<double[]> samples, int column) {
        return samples.stream().mapToDouble(sample -> sample[column]).average().orElse(Double.NaN);
    }

    /** Used heap right after a full GC: jcmd GC.run, then jstat's used columns (any collector). */
    static double heapAfterGcMib(long pid) throws Exception {
        run("jcmd", String.valueOf(pid), "GC.run");
        String[] lines = run("jstat", "-gc", String.valueOf(pid)).trim().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[1].trim().split("\\s+");
        double kb = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                kb += Double.parseDouble(values[i]);
            }
        }
        return kb / 1024;
    }

    static double rssMib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    /**
     * Open SSE streams on channel {@code soak}, read on one thread with plain NIO: counts the {@code data:}
     * lines; a stream that ends (EOF, overflow, refused) stops counting as open.
     */
    static final class Streams {
        final Selector selector = Selector.open();
        final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        final List<Stream> all = new ArrayList<>();
        long events;

        static final class Stream {
            final SocketChannel channel;
            ByteBuffer request;
            boolean open;
            /** How much of "\ndata:" the last bytes matched. */
            int matched;

            Stream(SocketChannel channel, ByteBuffer request) {
                this.channel = channel;
                this.request = request;
            }
        }

        Streams(int port, int count) throws IOException {
            byte[] request = ("GET " + NS + "channels/soak/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.configureBlocking(false);
                Stream stream = new Stream(channel, ByteBuffer.wrap(request));
                channel.register(selector, SelectionKey.OP_WRITE, stream);
                all.add(stream);
                poll(0);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (open() < count && System.nanoTime() < deadline) {
                poll(50);
            }
        }

        long open() {
            return all.stream().filter(stream -> stream.open).count();
        }

        void poll(long millis) throws IOException {
            selector.select(millis);
            for (SelectionKey key : selector.selectedKeys()) {
                Stream stream = (Stream) key.attachment();
                try {
                    if (key.isWritable()) {
                        stream.channel.write(stream.request);
                        if (!stream.request.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        read(stream, key);
                    }
                } catch (IOException e) {
                    close(stream, key);
                }
            }
            selector.selectedKeys().clear();
        }

        private void read(Stream stream, SelectionKey key) throws IOException {
            in.clear();
            int n = stream.channel.read(in);
            if (n < 0) {
                close(stream, key);
                return;
            }
            String text = new String(in.array(), 0, n, StandardCharsets.US_ASCII);
            if (!stream.open && text.startsWith("HTTP/1.1 ")) {
                stream.open = text.startsWith("HTTP/1.1 200");
                if (!stream.open) {
                    close(stream, key);
                    return;
                }
            }
            if (text.contains("event: overflow")) {
                close(stream, key);
                return;
            }
            String pattern = "\ndata:";
            for (int i = 0; i < n; i++) {
                char c = (char) in.get(i);
                stream.matched = c == pattern.charAt(stream.matched) ? stream.matched + 1 : c == '\n' ? 1 : 0;
                if (stream.matched == pattern.length()) {
                    events++;
                    stream.matched = 0;
                }
            }
        }

        private static void close(Stream stream, SelectionKey key) throws IOException {
            stream.open = false;
            key.cancel();
            stream.channel.close();
        }
    }
}
