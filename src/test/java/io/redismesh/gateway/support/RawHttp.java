package io.redismesh.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.restassured.RestAssured;

/** Requests written byte for byte on a socket, for framing that an HTTP client would never send. */
public final class RawHttp {

    /** What came back, and whether the server closed the connection (rather than the read timing out). */
    public record Answer(String text, boolean closed) {
        public int status() {
            return Integer.parseInt(text.substring(9, 12));
        }

        public String body() {
            int start = text.indexOf("\r\n\r\n");
            return start < 0 ? "" : text.substring(start + 4);
        }
    }

    private RawHttp() {
    }

    /** Sends {@code request} to the test gateway and reads until it closes or {@code wait} passes without a byte. */
    public static Answer send(String request, Duration wait) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout((int) wait.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    out.write(buffer, 0, n);
                }
                return new Answer(out.toString(StandardCharsets.ISO_8859_1), true);
            } catch (SocketTimeoutException e) {
                return new Answer(out.toString(StandardCharsets.ISO_8859_1), false);
            }
        }
    }
}
