package io.redismesh.gateway.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.support.Concurrently;
import io.redismesh.gateway.support.Tokens;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Collection reads are pages bounded in items and in bytes, checked inside Redis: collections of several
 * MB written into Redis directly are read page by page (every item exactly once), a whole hash or list
 * range larger than a page is a 400 page-too-large, and a value longer than max-value-size is a 413.
 */
@QuarkusTest
class BoundedReadsTest {

    /** demo's max-page-bytes (the default 1M) and max-value-size (the default 1M). */
    private static final long PAGE_BYTES = 1024 * 1024;
    private static final int BIG = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/v1/namespaces/demo/lists/")
    URL lists;

    private static RequestSpecification reader() {
        return given().auth().oauth2(Tokens.withGroups("reader")).log().ifValidationFails();
    }

    private static String key(String kind) {
        return kind + "-" + UUID.randomUUID();
    }

    /** 40 items of 100 kB among 300 small ones: about 4 MB, so pages end by bytes as well as by count. */
    private static List<String> mixedItems() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 340; i++) {
            items.add(i % 8 == 0 && items.stream().filter(item -> item.length() > BIG).count() < 40
                    ? "big-" + i + "-" + "x".repeat(BIG)
                    : "small-" + i);
        }
        return items;
    }

    /** Pages of several MB parse with Jackson: REST Assured's Groovy JsonPath takes seconds per page. */
    private static JsonNode json(ValidatableResponse response) {
        try {
            return JSON.readTree(response.extract().asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text items of a JSON array, or their {@code property}. */
    private static List<String> texts(JsonNode items, String property) {
        List<String> texts = new ArrayList<>();
        items.forEach(item -> texts.add((property == null ? item : item.get(property)).textValue()));
        return texts;
    }

    private static long bytes(List<String> texts) {
        return texts.stream().mapToLong(text -> text.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    /** Every page of a SCAN walk (limit 1000) from the first until its cursor is null. */
    private static List<JsonNode> cursorWalk(String path, String key) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            assertTrue(pages.size() < 1000, "the walk ends");
            RequestSpecification request = reader().queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonNode page = json(request.get(path, key).then().statusCode(200));
            pages.add(page);
            cursor = page.get("cursor").textValue();
        } while (cursor != null);
        return pages;
    }

    @Test
    void listPagesAreBoundedByCountAndBytesAndWalkEveryItemOnce() {
        String key = key("l");
        List<String> written = mixedItems();
        redis.list(String.class).rpush("rgw:demo:" + key, written.toArray(String[]::new));
        List<String> read = new ArrayList<>();
        Integer next = 0;
        boolean cutByBytes = false;
        for (int pages = 0; next != null; pages++) {
            assertTrue(pages < 100, "the walk ends");
            JsonNode page = json(reader().queryParam("start", next).queryParam("limit", 200).get("/v1/namespaces/demo/lists/{key}/items", key)
                    .then().statusCode(200));
            List<String> items = texts(page.get("items"), null);
            assertTrue(items.size() <= 200, "at most limit items");
            assertTrue(bytes(items) <= PAGE_BYTES, "at most max-page-bytes: " + bytes(items));
            assertTrue(!items.isEmpty());
            read.addAll(items);
            next = page.get("next").isNull() ? null : page.get("next").intValue();
            cutByBytes |= next != null && items.size() < 200;
        }
        assertEquals(written, read);
        assertTrue(cutByBytes, "some page ended at the byte bound");
    }

    @Test
    void aWholeListRangeOverAPageIs400AndNamesThePagedCall() {
        String key = key("l");
        redis.list(String.class).rpush("rgw:demo:" + key, mixedItems().toArray(String[]::new));
        // 340 items but over 1 MB: the whole list is more than a page
        reader().get("/v1/namespaces/demo/lists/{key}/items", key).then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("/problems/page-too-large"))
                .body("detail", containsString("/lists/{key}/items?start=&limit="));
        // within both bounds a range without limit answers whole, as before
        reader().queryParam("start", 1).queryParam("stop", 3).get("/v1/namespaces/demo/lists/{key}/items", key).then().statusCode(200)
                .body("items", equalTo(List.of("small-1", "small-2", "small-3"))).body("next", equalTo(null));
        // over the count bound: more items than paged's max-page-items (50), though tiny
        String many = key("l");
        redis.list(String.class).rpush("rgw:paged:" + many, IntStream.range(0, 51).mapToObj(String::valueOf).toArray(String[]::new));
        reader().get("/v1/namespaces/paged/lists/{key}/items", many).then().statusCode(400).body("type", equalTo("/problems/page-too-large"));
        reader().queryParam("stop", 49).get("/v1/namespaces/paged/lists/{key}/items", many).then().statusCode(200).body("items", hasSize(50));
    }

    @Test
    void hashFieldPagesAreBoundedAndWalkEveryFieldOnce() {
        String key = key("h");
        Map<String, String> written = new HashMap<>();
        List<String> items = mixedItems();
        for (int i = 0; i < items.size(); i++) {
            written.put("f" + i, items.get(i));
        }
        redis.hash(String.class).hset("rgw:demo:" + key, written);
        Map<String, String> read = new LinkedHashMap<>();
        int fieldsRead = 0;
        for (JsonNode page : cursorWalk("/v1/namespaces/demo/hashes/{key}/fields", key)) {
            JsonNode fields = page.get("items");
            long pageBytes = 0;
            for (JsonNode field : fields) {
                read.put(field.get("field").textValue(), field.get("value").textValue());
                pageBytes += bytes(List.of(field.get("field").textValue(), field.get("value").textValue()));
            }
            assertTrue(pageBytes <= PAGE_BYTES, "at most max-page-bytes: " + pageBytes);
            fieldsRead += fields.size();
        }
        assertEquals(written, read);
        assertEquals(written.size(), fieldsRead, "no field twice");
    }

    @Test
    void aWholeHashOverAPageIs400AndNamesTheFieldsCall() {
        String key = key("h");
        redis.hash(String.class).hset("rgw:demo:" + key, Map.of("a", "x".repeat(600_000), "b", "y".repeat(600_000)));
        reader().get("/v1/namespaces/demo/hashes/{key}", key).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/page-too-large")).body("detail", containsString("/hashes/{key}/fields?cursor=&limit="));
        String many = key("h");
        Map<String, String> fields = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            fields.put("f" + i, "v");
        }
        redis.hash(String.class).hset("rgw:paged:" + many, fields);
        reader().get("/v1/namespaces/paged/hashes/{key}", many).then().statusCode(400).body("type", equalTo("/problems/page-too-large"));
        redis.hash(String.class).hdel("rgw:paged:" + many, "f0");
        reader().get("/v1/namespaces/paged/hashes/{key}", many).then().statusCode(200).body("f1", equalTo("v"));
    }

    @Test
    void sortedSetRangePagesAreBoundedAndWalkEveryMemberOnceInOrder() {
        String key = key("z");
        List<String> members = mixedItems();
        Map<String, Double> written = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            written.put(members.get(i), (double) i);
        }
        redis.sortedSet(String.class).zadd("rgw:demo:" + key, written);
        for (String by : List.of("rank", "score")) {
            List<String> read = new ArrayList<>();
            List<Integer> ranks = new ArrayList<>();
            Integer next = 0;
            for (int pages = 0; next != null; pages++) {
                assertTrue(pages < 100, "the walk ends");
                JsonNode page = json(reader().queryParam("by", by).queryParam("order", "desc").queryParam("offset", next).queryParam("limit", 1000)
                        .get("/v1/namespaces/demo/sorted-sets/{key}/range", key).then().statusCode(200));
                List<String> pageMembers = texts(page.get("items"), "member");
                assertTrue(bytes(pageMembers) <= PAGE_BYTES, "at most max-page-bytes: " + bytes(pageMembers));
                read.addAll(pageMembers);
                page.get("items").forEach(entry -> ranks.add(entry.get("rank").intValue()));
                next = page.get("next").isNull() ? null : page.get("next").intValue();
            }
            List<String> descending = new ArrayList<>(members);
            Collections.reverse(descending);
            assertEquals(descending, read, by);
            assertEquals(IntStream.range(0, members.size()).boxed().toList(), ranks, by);
        }
    }

    @Test
    void setMemberPagesAreBoundedAndWalkEveryMemberOnce() {
        String key = key("s");
        List<String> written = mixedItems();
        redis.set(String.class).sadd("rgw:demo:" + key, written.toArray(String[]::new));
        List<String> read = new ArrayList<>();
        for (JsonNode page : cursorWalk("/v1/namespaces/demo/sets/{key}/members", key)) {
            List<String> members = texts(page.get("items"), "member");
            assertTrue(bytes(members) <= PAGE_BYTES, "at most max-page-bytes: " + bytes(members));
            read.addAll(members);
        }
        assertEquals(new HashSet<>(written), new HashSet<>(read));
        assertEquals(written.size(), read.size(), "no member twice");
    }

    /** The reported attack: concurrent whole reads of a large list with a read-only token. */
    @Test
    void concurrentWholeReadsOfALargeListAreRefusedAndPagedOnesServed() {
        String key = key("l");
        String[] items = IntStream.range(0, 200).mapToObj(i -> i + "-" + "x".repeat(BIG)).toArray(String[]::new);
        redis.list(String.class).rpush("rgw:demo:" + key, items);
        String token = Tokens.withGroups("reader");
        HttpRequest whole = HttpRequest.newBuilder(URI.create(lists + key + "/items")).header("Authorization", "Bearer " + token).build();
        HttpRequest paged = HttpRequest.newBuilder(URI.create(lists + key + "/items?limit=1000")).header("Authorization", "Bearer " + token).build();
        assertEquals(Map.of(400, 24L), Concurrently.statuses(Collections.nCopies(24, whole)));
        assertEquals(Map.of(200, 24L), Concurrently.statuses(Collections.nCopies(24, paged)));
        reader().queryParam("limit", 1000).get("/v1/namespaces/demo/lists/{key}/items", key).then().statusCode(200)
                .body("items", hasSize(10)).body("next", equalTo(10));
    }

    @Test
    void aLimitOverTheNamespaceBoundIs400() {
        String list = key("l");
        redis.list(String.class).rpush("rgw:paged:" + list, IntStream.range(0, 120).mapToObj(String::valueOf).toArray(String[]::new));
        for (String path : List.of("/v1/namespaces/demo/lists/{key}/items", "/v1/namespaces/demo/hashes/{key}/fields",
                "/v1/namespaces/demo/sets/{key}/members", "/v1/namespaces/demo/sorted-sets/{key}/range")) {
            reader().queryParam("limit", 1001).get(path, key("x")).then().statusCode(400).contentType("application/problem+json");
        }
        reader().queryParam("limit", 1001).get("/v1/namespaces/demo/keys").then().statusCode(400);
        reader().queryParam("limit", 51).get("/v1/namespaces/paged/lists/{key}/items", list).then().statusCode(400);
        reader().queryParam("limit", 51).get("/v1/namespaces/paged/sets/{key}/members", list).then().statusCode(400);
        reader().queryParam("limit", 50).get("/v1/namespaces/paged/lists/{key}/items", list).then().statusCode(200)
                .body("items", hasSize(50)).body("next", equalTo(50));
    }

    @Test
    void anItemLargerThanAPageIs413NotAnEndlessWalk() {
        String key = key("l");
        redis.list(String.class).rpush("rgw:paged:" + key, "small", "x".repeat(BIG), "after");
        reader().queryParam("limit", 10).get("/v1/namespaces/paged/lists/{key}/items", key).then().statusCode(200)
                .body("items", equalTo(List.of("small"))).body("next", equalTo(1));
        reader().queryParam("start", 1).queryParam("limit", 10).get("/v1/namespaces/paged/lists/{key}/items", key).then().statusCode(413)
                .body("type", equalTo("/problems/value-too-large"));
        reader().queryParam("start", 2).queryParam("limit", 10).get("/v1/namespaces/paged/lists/{key}/items", key).then().statusCode(200)
                .body("items", equalTo(List.of("after"))).body("next", equalTo(null));
        String set = key("s");
        redis.set(String.class).sadd("rgw:paged:" + set, "x".repeat(BIG));
        reader().get("/v1/namespaces/paged/sets/{key}/members", set).then().statusCode(413).body("type", equalTo("/problems/value-too-large"));
    }

    @Test
    void aValueLongerThanMaxValueSizeIs413AndNeverRead() {
        String key = key("v");
        redis.value(String.class).set("rgw:demo:" + key, "x".repeat(2 * 1024 * 1024));
        reader().get("/v1/namespaces/demo/keys/{key}", key).then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("/problems/value-too-large")).body("detail", containsString(String.valueOf(2 * 1024 * 1024)));
        reader().head("/v1/namespaces/demo/keys/{key}", key).then().statusCode(413);
        String atTheBound = key("v");
        redis.value(String.class).set("rgw:demo:" + atTheBound, "y".repeat(1024 * 1024));
        String body = reader().get("/v1/namespaces/demo/keys/{key}", atTheBound).then().statusCode(200).extract().asString();
        assertEquals(1024 * 1024, body.length());

        String hash = key("h");
        redis.hash(String.class).hset("rgw:demo:" + hash, Map.of("huge", "x".repeat(2 * 1024 * 1024), "small", "s", "empty", ""));
        reader().get("/v1/namespaces/demo/hashes/{key}/fields/{field}", hash, "huge").then().statusCode(413)
                .body("type", equalTo("/problems/value-too-large"));
        reader().get("/v1/namespaces/demo/hashes/{key}/fields/{field}", hash, "small").then().statusCode(200).body(equalTo("s"));
        reader().get("/v1/namespaces/demo/hashes/{key}/fields/{field}", hash, "empty").then().statusCode(200).body(equalTo(""));
        reader().get("/v1/namespaces/demo/hashes/{key}/fields/{field}", hash, "absent").then().statusCode(404);
    }

    @Test
    void pagedReadsOnAnotherTypeAreWrongType() {
        String key = key("v");
        redis.value(String.class).set("rgw:demo:" + key, "plain");
        reader().get("/v1/namespaces/demo/hashes/{key}/fields", key).then().statusCode(409).body("type", equalTo("/problems/wrong-type"));
        reader().get("/v1/namespaces/demo/hashes/{key}/fields/{field}", key, "f").then().statusCode(409);
        reader().queryParam("limit", 5).get("/v1/namespaces/demo/lists/{key}/items", key).then().statusCode(409);
        String list = key("l");
        redis.list(String.class).rpush("rgw:demo:" + list, "a");
        reader().get("/v1/namespaces/demo/keys/{key}", list).then().statusCode(409);
        assertNotNull(redis.list(String.class).lindex("rgw:demo:" + list, 0));
    }
}
