package io.redismesh.gateway.sse;

import java.util.Locale;

/**
 * The one answer to "is this an event-stream request", for the filters that treat streams apart
 * (ops.DrainFilter refuses new ones while draining, security.AccessTokenQuery accepts a query token
 * for them): a GET under {@code /v1/} whose Accept names {@code text/event-stream} explicitly, as
 * EventSource does. A wildcard Accept is not a stream request.
 */
public final class EventStreamRequest {

    public static final String MEDIA_TYPE = "text/event-stream";

    private EventStreamRequest() {
    }

    /** @param path the request path from the root, e.g. {@code /v1/namespaces/demo/channels/news/events} */
    public static boolean is(String method, String path, String accept) {
        return "GET".equals(method) && path != null && path.startsWith("/v1/") && namesEventStream(accept);
    }

    /** Whether an Accept header lists {@code text/event-stream} (parameters and quality aside). */
    static boolean namesEventStream(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            int parameters = range.indexOf(';');
            String type = (parameters < 0 ? range : range.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
            if (type.equals(MEDIA_TYPE)) {
                return true;
            }
        }
        return false;
    }
}
