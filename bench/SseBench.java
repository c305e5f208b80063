import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N SSE subscribers on one channel, one thread, plain NIO (no thread or buffer pool per client), while
 * messages are published through the gateway at a steady rate. Each payload carries its sequence number
 * and the publish time (System.nanoTime of this process), so every arrival gives a publish-to-arrival
 * latency. Prints completeness, p50/p99/max latency and the gateway's heap and RSS with all streams open.
 *
 * A warm-up at the same rate comes first (its messages are not counted): a cold JVM spends the first
 * seconds compiling the fan-out path, which is start-up cost, not steady state.
 *
 * Usage: java bench/SseBench.java <port> <token> <subscribers> <messages-per-second> <seconds> <gateway-pid> [warm-up seconds=20]
 * Run by bench/run, which starts Redis and the gateway. The last line, "RESULT key=value...", is what bench/run parses;
 * gateway_cpu_us_per_event is the gateway's utime+stime (/proc/<pid>/stat) over the measured window per delivered event.
 */
public class SseBench {

    static final String CHANNEL_PATH = "/v1/namespaces/bench/channels/bench";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = args[1];
        int subscribers = Integer.parseInt(args[2]);
        double rate = Double.parseDouble(args[3]);
        int seconds = Integer.parseInt(args[4]);
        long gatewayPid = Long.parseLong(args[5]);
        int messages = (int) Math.round(rate * seconds);
        int warmup = (int) Math.round(rate * (args.length > 6 ? Integer.parseInt(args[6]) : 20));

        Selector selector = Selector.open();
        List<Subscriber> all = new ArrayList<>();
        long[] latencies = new long[subscribers * messages];
        AtomicInteger recorded = new AtomicInteger();
        byte[] request = ("GET " + CHANNEL_PATH + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        // connect in waves so the accept queue never overflows
        long connectStart = System.nanoTime();
        int wave = 250;
        for (int i = 0; i < subscribers; i += wave) {
            for (int j = i; j < Math.min(subscribers, i + wave); j++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                Subscriber subscriber = new Subscriber(channel, ByteBuffer.wrap(request), latencies, recorded);
                channel.register(selector, SelectionKey.OP_CONNECT, subscriber);
                all.add(subscriber);
            }
            long waveDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int target = Math.min(subscribers, i + wave);
            while (all.stream().filter(s -> s.open || s.failed).count() < target && System.nanoTime() < waveDeadline) {
                poll(selector, 50);
            }
        }
        long opened = all.stream().filter(s -> s.open).count();
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        System.out.printf("subscribers open: %d of %d in %.1f s (failed: %d)%n", opened, subscribers, connectSeconds,
                all.stream().filter(s -> s.failed).count());

        // publish at a steady rate through the gateway (asynchronously, so a slow answer never delays the next publish)
        HttpClient http = HttpClient.newHttpClient();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger published = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = (long) (1e9 / rate);
        long warmupEnd = System.nanoTime() + (long) (warmup / rate * 1e9);
        publisher.scheduleAtFixedRate(() -> {
            if (sent.get() >= warmup + messages) {
                return;
            }
            int seq = sent.getAndIncrement();
            boolean measured = seq >= warmup;
            String payload = (measured ? "m " : "w ") + seq + " " + System.nanoTime();
            http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CHANNEL_PATH + "/messages"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> {
                        if (failure != null) {
                            System.out.println("publish failed: " + failure);
                        } else if (response.statusCode() != 202) {
                            // a 503 after the timeout may still have been published: deliveries can then exceed "expected"
                            System.out.println("publish answered " + response.statusCode());
                        } else if (measured) {
                            published.incrementAndGet();
                        }
                        if (measured) {
                            answered.incrementAndGet();
                        }
                    });
        }, 0, periodNanos, TimeUnit.NANOSECONDS);

        while (System.nanoTime() < warmupEnd) {
            poll(selector, 20);
        }
        long cpuStart = System.nanoTime();
        long gatewayCpuStart = cpuTicks(gatewayPid);
        long ownCpuStart = ownCpuNanos();
        long publishDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 30);
        while (answered.get() < messages && System.nanoTime() < publishDeadline) {
            poll(selector, 20);
        }
        publisher.shutdown();
        // stragglers: wait until every open subscriber has everything, at most 10 s
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (recorded.get() < opened * published.get() && System.nanoTime() < drainDeadline) {
            poll(selector, 20);
        }

        double wall = (System.nanoTime() - cpuStart) / 1e9;
        long gatewayTicks = cpuTicks(gatewayPid) - gatewayCpuStart;
        double gatewayCores = gatewayTicks / 100.0 / wall;
        double ownCores = (ownCpuNanos() - ownCpuStart) / 1e9 / wall;
        String heap = run("jcmd", String.valueOf(gatewayPid), "GC.run") == null ? "?" : heapUsed(gatewayPid);
        long rssKb = rssKb(gatewayPid);

        int n = recorded.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long expected = opened * (long) published.get();
        System.out.printf("published (202): %d messages at %.1f/s; deliveries: %d of %d expected (%.3f%%); overflowed: %d; ended early: %d%n",
                published.get(), rate, n, expected, expected == 0 ? 0 : 100.0 * n / expected,
                all.stream().filter(s -> s.overflowed).count(), all.stream().filter(s -> s.ended).count());
        if (n > 0) {
            System.out.printf("publish-to-arrival: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    sorted[n / 2] / 1e6, sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6, sorted[n - 1] / 1e6);
        }
        System.out.printf("CPU while publishing: gateway %.2f cores, this client %.2f cores (of %d, shared with the machine's other work)%n",
                gatewayCores, ownCores, Runtime.getRuntime().availableProcessors());
        System.out.printf("gateway with %d streams open: heap used after GC %s, RSS %d MiB (%.1f KiB per subscriber incl. baseline)%n",
                opened, heap, rssKb / 1024, opened == 0 ? 0 : (double) rssKb / opened);
        System.out.printf("RESULT subscribers=%d open=%d delivered_pct=%.3f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f rss_kb=%d heap=%s"
                + " gateway_cores=%.2f gateway_cpu_us_per_event=%.1f%n",
                subscribers, opened, expected == 0 ? 0 : 100.0 * n / expected, n > 0 ? sorted[n / 2] / 1e6 : 0,
                n > 0 ? sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6 : 0, n > 0 ? sorted[n - 1] / 1e6 : 0, rssKb,
                heap.replace(" ", ""), gatewayCores, n == 0 ? 0 : gatewayTicks * 10_000.0 / n);
        for (Subscriber subscriber : all) {
            subscriber.channel.close();
        }
    }

    static void poll(Selector selector, long millis) throws IOException {
        selector.select(millis);
        for (SelectionKey key : selector.selectedKeys()) {
            Subscriber subscriber = (Subscriber) key.attachment();
            try {
                if (key.isConnectable()) {
                    subscriber.channel.finishConnect();
                    key.interestOps(SelectionKey.OP_WRITE);
                } else if (key.isWritable()) {
                    subscriber.channel.write(subscriber.request);
                    if (!subscriber.request.hasRemaining()) {
                        key.interestOps(SelectionKey.OP_READ);
                    }
                } else if (key.isReadable()) {
                    if (!subscriber.read()) {
                        key.cancel();
                    }
                }
            } catch (IOException e) {
                subscriber.failed = !subscriber.open;
                subscriber.ended = subscriber.open;
                key.cancel();
            }
        }
        selector.selectedKeys().clear();
    }

    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** The "used" figure of the heap after a full GC (jcmd GC.heap_info). */
    static String heapUsed(long pid) {
        String info = run("jcmd", String.valueOf(pid), "GC.heap_info");
        if (info == null) {
            return "?";
        }
        for (String line : info.split("\n")) {
            int used = line.indexOf(" used ");
            if (used > 0 && (line.contains("heap") || line.contains("garbage-first"))) {
                String value = line.substring(used + 6).trim().split("[ ,]")[0];
                return value.endsWith("K") ? (Long.parseLong(value.substring(0, value.length() - 1)) / 1024) + " MiB" : value;
            }
        }
        return "?";
    }

    /** utime + stime of a process, in clock ticks (USER_HZ, 100 on Linux). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** One SSE connection: decodes HTTP/1.1 chunked framing, then SSE lines, recording each message's latency. */
    static final class Subscriber {
        final SocketChannel channel;
        final ByteBuffer request;
        final long[] latencies;
        final AtomicInteger recorded;
        final ByteBuffer in = ByteBuffer.allocate(4096);
        final StringBuilder line = new StringBuilder();
        byte[] body = new byte[256];
        int bodyLength;
        boolean headersDone;
        boolean open;
        boolean failed;
        boolean ended;
        boolean overflowed;
        /** Bytes left in the current chunk; -1 while reading a chunk-size line, -2 while reading the CRLF after a chunk. */
        long chunkLeft = -1;
        final StringBuilder chunkLine = new StringBuilder();

        Subscriber(SocketChannel channel, ByteBuffer request, long[] latencies, AtomicInteger recorded) {
            this.channel = channel;
            this.request = request;
            this.latencies = latencies;
            this.recorded = recorded;
        }

        boolean read() throws IOException {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                ended = open;
                failed = !open;
                return false;
            }
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte b = in.get(i);
                if (!headersDone) {
                    headerByte(b);
                } else if (chunkLeft == -1) {
                    if (b == '\n') {
                        String size = chunkLine.toString().trim();
                        chunkLine.setLength(0);
                        if (!size.isEmpty()) {
                            chunkLeft = Long.parseLong(size.split(";")[0], 16);
                            if (chunkLeft == 0) {
                                ended = true;
                                return false;
                            }
                        }
                    } else {
                        chunkLine.append((char) b);
                    }
                } else if (chunkLeft == -2) {
                    if (b == '\n') {
                        chunkLeft = -1;
                    }
                } else {
                    bodyByte(b, now);
                    if (--chunkLeft == 0) {
                        chunkLeft = -2;
                    }
                }
            }
            return true;
        }

        private void headerByte(byte b) {
            if (b != '\n') {
                line.append((char) b);
                return;
            }
            String header = line.toString().trim();
            line.setLength(0);
            if (header.startsWith("HTTP/1.1 ") && !header.startsWith("HTTP/1.1 200")) {
                failed = true;
            }
            if (header.isEmpty()) {
                headersDone = true;
            }
        }

        private void bodyByte(byte b, long now) {
            if (b != '\n') {
                if (bodyLength == body.length) {
                    body = Arrays.copyOf(body, body.length * 2);
                }
                body[bodyLength++] = b;
                return;
            }
            if (startsWith("data: m ")) {
                // "data: m <seq> <nanoTime>"
                int lastSpace = bodyLength - 1;
                while (body[lastSpace] != ' ') {
                    lastSpace--;
                }
                long sentAt = Long.parseLong(new String(body, lastSpace + 1, bodyLength - lastSpace - 1, StandardCharsets.US_ASCII));
                int slot = recorded.getAndIncrement();
                if (slot < latencies.length) {
                    latencies[slot] = now - sentAt;
                }
            } else if (startsWith("retry:")) {
                open = true;
            } else if (startsWith("event: overflow")) {
                overflowed = true;
            }
            bodyLength = 0;
        }

        private boolean startsWith(String prefix) {
            if (bodyLength < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (body[i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
