package io.redismesh.gateway.ops;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.redismesh.gateway.support.Tokens;

/** With the SDK switched on (as an operator would), a caller's W3C traceparent parents our spans. */
@QuarkusTest
@TestProfile(TracingTest.SdkOn.class)
class TracingTest {

    public static class SdkOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }
    }

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

    @Inject
    InMemorySpanExporter spans;

    @Test
    void traceparentIsHonouredByTheServerSpanAndTheRedisSpans() {
        spans.reset();
        String key = "traced-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.developer()).header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
                .get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(404);

        await().atMost(Duration.ofSeconds(10)).until(() -> server(spans.getFinishedSpanItems()) != null
                && !redis(spans.getFinishedSpanItems()).isEmpty());
        List<SpanData> finished = spans.getFinishedSpanItems();

        SpanData server = server(finished);
        assertEquals(TRACE_ID, server.getTraceId());
        assertEquals(CALLER_SPAN_ID, server.getParentSpanId());
        assertEquals("/v1/namespaces/{ns}/keys/{key}", server.getAttributes().get(AttributeKey.stringKey("http.route")));
        assertFalse(server.getName().contains(key), "span names carry the route template, not the key: " + server.getName());

        assertFalse(redis(finished).isEmpty());
        for (SpanData command : redis(finished)) {
            assertEquals(TRACE_ID, command.getTraceId(), command.toString());
            assertEquals(server.getSpanId(), command.getParentSpanId(), "a Redis span hangs under the server span: " + command);
        }
    }

    private static SpanData server(List<SpanData> finished) {
        return finished.stream().filter(s -> s.getKind() == SpanKind.SERVER && TRACE_ID.equals(s.getTraceId()))
                .findFirst().orElse(null);
    }

    private static List<SpanData> redis(List<SpanData> finished) {
        return finished.stream().filter(s -> s.getKind() == SpanKind.CLIENT
                && "redis".equals(s.getAttributes().get(AttributeKey.stringKey("db.system")))
                && TRACE_ID.equals(s.getTraceId())).toList();
    }
}
