package io.redismesh.gateway.sse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.redismesh.gateway.problem.ProblemException;

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
        return event(null, name, data);
    }

    /**
     * As {@link #event(String, String)}, with an {@code id:} line first unless {@code id} is null: the id a
     * client's EventSource sends back as {@code Last-Event-ID} when it reconnects (ids are the gateway's own, never user text).
     */
    public static byte[] event(String id, String name, String data) {
        StringBuilder frame = new StringBuilder(data.length() + name.length() + 48);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ").append(name).append('\n');
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

    /** A payload for events must be UTF-8 text (SSE carries text), else 400. */
    public static void requireText(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("a message is UTF-8 text (SSE carries text; encode binary payloads, e.g. base64)");
        }
    }

    /** The reconnection delay a client should wait before it reconnects. */
    public static byte[] retry(Duration delay) {
        return ("retry: " + delay.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
