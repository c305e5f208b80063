package io.redismesh.gateway.cache;

import static io.redismesh.gateway.support.Values.developer;
import static io.redismesh.gateway.support.Values.uniqueKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Cache values over HTTP only, so {@link ValueResourceIT} runs the same tests against the packaged application. */
@QuarkusTest
class ValueResourceTest {

    @Test
    void putThenGetReturnsTheBytesWithEtagAndContentType() {
        String key = uniqueKey();
        String etag = developer().body("hello").put("/v1/namespaces/demo/keys/{key}", key)
                .then().statusCode(201).header("ETag", matchesPattern("\"[0-9a-f]{40}\"")).extract().header("ETag");

        developer().get("/v1/namespaces/demo/keys/{key}", key).then()
                .statusCode(200)
                .contentType("text/plain;charset=UTF-8")
                .header("ETag", etag)
                .header("Cache-Control", "private")
                .body(equalTo("hello"));
    }

    @Test
    void secondPutReplacesAndAnswers204() {
        String key = uniqueKey();
        developer().body("one").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        developer().body("two").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(204);
        developer().get("/v1/namespaces/demo/keys/{key}", key).then().body(equalTo("two"));
    }

    @Test
    void headAnswersMetadataWithoutBody() {
        String key = uniqueKey();
        developer().body("abc").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        developer().head("/v1/namespaces/demo/keys/{key}", key).then().statusCode(200)
                .header("ETag", matchesPattern("\"[0-9a-f]{40}\"")).header("Content-Length", "3");
        developer().head("/v1/namespaces/demo/keys/{key}", uniqueKey()).then().statusCode(404);
    }

    @Test
    void getWithMatchingIfNoneMatchAnswers304() {
        String key = uniqueKey();
        String etag = developer().body("v").put("/v1/namespaces/demo/keys/{key}", key).then().extract().header("ETag");
        developer().header("If-None-Match", etag).get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(304).header("ETag", etag);
        developer().header("If-None-Match", "\"0000\"").get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(200);
    }

    @Test
    void missingKeyIsKeyNotFoundProblem() {
        developer().get("/v1/namespaces/demo/keys/{key}", uniqueKey()).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/key-not-found"))
                .body("status", equalTo(404))
                .body("title", equalTo("Key not found"));
    }

    @Test
    void deleteRemovesTheValueThen404() {
        String key = uniqueKey();
        developer().body("x").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        developer().delete("/v1/namespaces/demo/keys/{key}", key).then().statusCode(204);
        developer().delete("/v1/namespaces/demo/keys/{key}", key).then().statusCode(404).body("type", equalTo("/problems/key-not-found"));
        developer().get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(404);
    }

    @Test
    void createOnlyWithIfNoneMatchStarFailsWhenPresent() {
        String key = uniqueKey();
        developer().header("If-None-Match", "*").body("first").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(201);
        developer().header("If-None-Match", "*").body("second").put("/v1/namespaces/demo/keys/{key}", key).then()
                .statusCode(412).body("type", equalTo("/problems/precondition-failed"));
        developer().get("/v1/namespaces/demo/keys/{key}", key).then().body(equalTo("first"));
    }

    @Test
    void casWithStaleEtagFailsAndWithCurrentEtagSucceeds() {
        String key = uniqueKey();
        String first = developer().body("v1").put("/v1/namespaces/demo/keys/{key}", key).then().extract().header("ETag");
        String second = developer().header("If-Match", first).body("v2").put("/v1/namespaces/demo/keys/{key}", key)
                .then().statusCode(204).extract().header("ETag");
        developer().header("If-Match", first).body("v3").put("/v1/namespaces/demo/keys/{key}", key).then().statusCode(412);
        developer().header("If-Match", first).delete("/v1/namespaces/demo/keys/{key}", key).then().statusCode(412);
        developer().header("If-Match", second).delete("/v1/namespaces/demo/keys/{key}", key).then().statusCode(204);
    }

    @Test
    void ttlOverMaxOrMalformedIs400() {
        developer().queryParam("ttl", "PT2H").body("t").put("/v1/namespaces/tight/keys/{key}", uniqueKey()).then()
                .statusCode(400).body("type", equalTo("/problems/bad-request"));
        developer().queryParam("ttl", "soon").body("t").put("/v1/namespaces/demo/keys/{key}", uniqueKey()).then().statusCode(400);
        developer().queryParam("ttl", "0").body("t").put("/v1/namespaces/demo/keys/{key}", uniqueKey()).then().statusCode(400);
    }

    @Test
    void valueOverMaxValueSizeIs413AndNothingIsStored() {
        String key = uniqueKey();
        developer().body("0123456789abcdefX").put("/v1/namespaces/tight/keys/{key}", key).then()
                .statusCode(413).contentType("application/problem+json").body("type", equalTo("/problems/value-too-large"));
        developer().get("/v1/namespaces/tight/keys/{key}", key).then().statusCode(404);
        developer().body("0123456789abcdef").put("/v1/namespaces/tight/keys/{key}", key).then().statusCode(201);
    }

    @Test
    void overlongOrControlCharacterNamesAre400() {
        developer().get("/v1/namespaces/demo/keys/{key}", "a".repeat(1025)).then().statusCode(400).body("type", equalTo("/problems/invalid-name"));
        developer().get("/v1/namespaces/demo/keys/{key}", "bad\u0001name").then().statusCode(400);
        String longest = "é".repeat(512);
        assertTrue(longest.getBytes(StandardCharsets.UTF_8).length == 1024);
        developer().get("/v1/namespaces/demo/keys/{key}", longest).then().statusCode(404);
    }

    @Test
    void problemBodiesCarryTheRequestPathAsInstance() {
        String key = uniqueKey();
        developer().get("/v1/namespaces/demo/keys/{key}", key).then()
                .body("instance", equalTo("/v1/namespaces/demo/keys/" + key))
                .body("detail", org.hamcrest.Matchers.not(nullValue()));
    }
}
