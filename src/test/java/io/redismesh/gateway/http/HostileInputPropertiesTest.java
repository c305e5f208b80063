package io.redismesh.gateway.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.sessions.JqwikSession;

/**
 * Property: whatever a caller sends — hostile names, query values, bodies and headers, generated
 * with jqwik against the operations of the served OpenAPI document — the gateway answers 2xx, 3xx
 * or a 4xx problem+json, never a 5xx, and stays live. Generated from a fixed seed so a failure
 * replays; the failing request is in the assertion message. Event streams and long polls
 * (waitMillis) are left out: they hold a connection by design.
 */
@QuarkusTest
class HostileInputPropertiesTest {

    private static final long SEED = Long.getLong("hostile.seed", 20261205L);
    private static final int TRIES = Integer.getInteger("hostile.tries", 600);
    private static final Set<String> HELD_OPEN = Set.of("waitMillis");
    private static final List<String> FIELDS = List.of("by", "ttlMillis", "permits", "score", "keys", "items", "key", "value", "ids",
            "count", "consumer", "visibilityMillis", "from", "holder", "fields");

    record Operation(String method, String path, List<String> query, boolean hasBody) {
    }

    @Test
    void noInputMakesTheGatewayFailOrFall() throws Exception {
        // jqwik's generators outside a jqwik property (the gateway runs under JUnit Jupiter's @QuarkusTest)
        JqwikSession.start(String.valueOf(SEED));
        try {
            sendHostileRequests();
        } finally {
            JqwikSession.finish();
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().auth().oauth2(Tokens.developer()).body("alive").put("/v1/namespaces/demo/keys/{key}", "after-hostile-input").then().statusCode(
                anyOf(is(201), is(204)));
        assertEquals("alive", given().auth().oauth2(Tokens.developer()).get("/v1/namespaces/demo/keys/{key}", "after-hostile-input").asString());
    }

    private void sendHostileRequests() throws Exception {
        List<Operation> operations = operations();
        assertTrue(operations.size() > 30, "the served spec lists the API: " + operations.size());
        Random random = new Random(SEED);
        Arbitrary<String> names = names();
        Arbitrary<String> queryValues = queryValues();
        Arbitrary<String> bodies = bodies();
        Arbitrary<String> accepts = headerValues("*/*", "application/json", "text/plain", "application/problem+json",
                "te/xt/;;q=", "application/json;q=abc", "*/*;q=2", ",,,", "text/event-stream;q=0");
        Arbitrary<String> contentTypes = headerValues("application/json", "text/plain", "application/json; charset=bogus",
                "application/octet-stream", "multipart/form-data; boundary=", "/", ";");
        Arbitrary<String> tags = headerValues("*", "W/\"x\"", "\"", "\"a\", W/", "W/*", "\"" + "f".repeat(40) + "\"");
        for (int i = 0; i < TRIES; i++) {
            Operation operation = operations.get(random.nextInt(operations.size()));
            String path = operation.path().replace("{ns}", random.nextInt(4) > 0 ? "demo" : "{ns}");
            for (int open; (open = path.indexOf('{')) >= 0;) {
                path = path.substring(0, open) + sample(names, random) + path.substring(path.indexOf('}', open) + 1);
            }
            StringBuilder query = new StringBuilder();
            for (String param : operation.query()) {
                if (!HELD_OPEN.contains(param) && random.nextBoolean()) {
                    query.append(query.isEmpty() ? '?' : '&').append(param).append('=').append(sample(queryValues, random));
                }
            }
            RequestSpecification request = given().urlEncodingEnabled(false).auth().oauth2(Tokens.developer())
                    .header("Accept", sample(accepts, random));
            if (random.nextInt(4) == 0) {
                request.header(random.nextBoolean() ? "If-Match" : "If-None-Match", sample(tags, random));
            }
            if (operation.hasBody() || random.nextInt(8) == 0) {
                request.contentType(sample(contentTypes, random)).body(sample(bodies, random).getBytes(StandardCharsets.UTF_8));
            }
            String call = operation.method() + " " + path + query;
            Response response = request.request(operation.method(), path + query);
            int status = response.statusCode();
            assertTrue(status < 500, () -> "seed " + SEED + ": " + call + " -> " + status + " " + response.asString());
            if (status >= 400) {
                assertTrue(String.valueOf(response.contentType()).startsWith("application/problem+json"),
                        () -> "seed " + SEED + ": " + call + " -> " + status + " without a problem: " + response.contentType());
            }
        }
    }

    private static <T> T sample(Arbitrary<T> arbitrary, Random random) {
        return arbitrary.generator(100).next(random).value();
    }

    /** Every /v1 operation of the served spec but the event streams. */
    private static List<Operation> operations() throws Exception {
        JsonNode spec = new ObjectMapper().readTree(given().accept("application/json").get("/q/openapi?format=json").asString());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/v1/") || path.getKey().endsWith("/events")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (!Set.of("get", "put", "post", "patch", "delete", "head").contains(method.getKey())) {
                    continue;
                }
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : method.getValue().path("parameters")) {
                    if ("query".equals(parameter.path("in").asText())) {
                        query.add(parameter.path("name").asText());
                    }
                }
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), query, method.getValue().has("requestBody")));
            }
        }
        return operations;
    }

    /** Path segments, percent-encoded: any Unicode, control characters, globs, dots, over-long names, bytes that are not UTF-8. */
    private static Arbitrary<String> names() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(0).ofMaxLength(12),
                Arbitraries.strings().withChars("*?[]\\./%:{}").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of(".", "..", "events", "keys:batchGet", "a/b", "\u0000", "\uFFFD", "\uD83D\uDE00"),
                Arbitraries.strings().alpha().ofLength(1025)).map(HostileInputPropertiesTest::percentEncode);
        Arbitrary<String> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(6).map(HostileInputPropertiesTest::percentEncode);
        return Arbitraries.oneOf(text, bytes);
    }

    private static Arbitrary<String> queryValues() {
        return Arbitraries.oneOf(Arbitraries.of("abc", "", "-1", "0", "1.5", "1e9", "NaN", "Infinity", "0x10", "9223372036854775808",
                "18446744073709551616", "-9223372036854775809", "2147483648", "PT30S", "P99999999D", "head", "tail", "rank", "score",
                "(1", "[a", "-inf", "+inf", "0-0", "18446744073709551615-18446744073709551615", "*"),
                Arbitraries.strings().ofMaxLength(10).map(HostileInputPropertiesTest::percentEncode),
                Arbitraries.longs().map(String::valueOf));
    }

    private static Arbitrary<String> bodies() {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.of("1e999999999", "-1e999999999", "1e-999999999", "1.5", "-0", "0.0",
                "9223372036854775808", "-9223372036854775809", "1" + "0".repeat(70), "1E+2147483647"),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf));
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(20).map(HostileInputPropertiesTest::jsonString);
        Arbitrary<String> scalars = Arbitraries.oneOf(numbers, strings, Arbitraries.of("null", "true", "false", "[]", "{}"));
        Arbitrary<String> arrays = scalars.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> values = Arbitraries.oneOf(scalars, arrays);
        Arbitrary<String> objects = Combinators.combine(Arbitraries.of(FIELDS), values).as((field, value) -> "\"" + field + "\":" + value)
                .list().ofMaxSize(4).map(fields -> "{" + String.join(",", fields) + "}");
        Arbitrary<String> deep = Arbitraries.integers().between(20, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth));
        return Arbitraries.oneOf(objects, objects, objects, values, deep, Arbitraries.strings().ofMaxLength(40));
    }

    private static Arbitrary<String> headerValues(String... known) {
        return Arbitraries.oneOf(Arbitraries.of(known), Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30));
    }

    private static String percentEncode(String text) {
        return percentEncode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every byte but unreserved ASCII as %XX, so any byte sequence reaches the gateway as sent. */
    private static String percentEncode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return encoded.toString();
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.chars().forEach(c -> json.append(c == '"' || c == '\\' || c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return json.append('"').toString();
    }
}
