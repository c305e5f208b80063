package io.redismesh.gateway.pubsub;


import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.sse.SseFrames;
import io.redismesh.gateway.sse.SseStream;
import io.redismesh.gateway.sse.SseStreams;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerResponse;

/**
 * Channel and pattern subscriptions as event streams: each client is a {@link Subscriptions}
 * listener whose stream opens with the {@code retry:} advice once Redis confirms the subscription,
 * carries {@code event: message}, and {@code event: reconnected} after an outage.
 */
@ApplicationScoped
class ChannelStreams {

    static final String MESSAGE = "message";
    static final String RECONNECTED = "reconnected";
    private static final byte[] RECONNECTED_FRAME = SseFrames.event(RECONNECTED, "");
    private static final byte[] SHUTDOWN_FRAME = SseFrames.event("shutdown", "");

    private final SseStreams streams;
    private final Subscriptions subscriptions;
    private final ObjectMapper json;
    private final Counter fanout;

    ChannelStreams(SseStreams streams, Subscriptions subscriptions, ObjectMapper json, MeterRegistry meters) {
        this.streams = streams;
        this.subscriptions = subscriptions;
        this.json = json;
        this.fanout = Counter.builder("gateway.pubsub.fanout").description("messages delivered to SSE clients").register(meters);
    }

    /**
     * The event stream of one client listening to a topic; 503 while Redis is away.
     *
     * @param namePrefix what pattern events strip from channel names (the namespace's key prefix)
     */
    Multi<byte[]> open(Topic topic, String namePrefix, HttpServerResponse response) {
        if (!subscriptions.connected()) {
            throw ProblemException.backendUnavailable("Redis is not reachable");
        }
        SseStream stream = streams.open(topic.kind().tag, response, SHUTDOWN_FRAME);
        stream.onEnd(subscriptions.listen(topic, new Subscriptions.Listener() {
            @Override
            public void live(boolean again) {
                stream.send(again ? RECONNECTED_FRAME : streams.retryFrame());
            }

            @Override
            public void message(Subscriptions.Message message) {
                if (stream.send(frame(topic, namePrefix, message))) {
                    fanout.increment();
                }
            }
        }));
        return stream.body();
    }

    private byte[] frame(Topic topic, String namePrefix, Subscriptions.Message message) {
        if (topic.kind() == Topic.Kind.CHANNEL) {
            return message.memo(MESSAGE, () -> SseFrames.event(MESSAGE, message.payload()));
        }
        return message.memo(namePrefix, () -> patternEvent(message.channel().substring(namePrefix.length()), message.payload()));
    }

    /** A pattern subscriber learns the channel: the event's data is {@code {"channel": <name>, "data": <payload>}}. */
    @RegisterForReflection
    record PatternMessage(String channel, String data) {
    }

    private byte[] patternEvent(String name, String payload) {
        try {
            return SseFrames.event(MESSAGE, json.writeValueAsString(new PatternMessage(name, payload)));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
