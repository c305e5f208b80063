package io.redismesh.gateway.sse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The bytes of Server-Sent Events, as the HTML standard parses them: every line of a payload becomes
 * its own {@code data:} line (CR, LF and CRLF all end a line), and each value follows one space, so
 * that a payload starting with a space keeps it.
 */
public final class SseFrames {

    /** The comment that keeps idle streams open through proxies. */
    public static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private SseFrames() {
    }

    /** {@code event: <name>} with the text in {@code data:} lines; an empty text is one empty data line (still dispatched). */
    public static byte[] event(String name, String data) {
        StringBuilder frame = new StringBuilder(data.length() + name.length() + 16).append("event: ").append(name).append('\n');
        int start = 0;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '\n' || c == '\r') {
                frame.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        frame.append("data: ").append(data, start, data.length()).append("\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The reconnection delay a client should wait before it reconnects. */
    public static byte[] retry(Duration delay) {
        return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
