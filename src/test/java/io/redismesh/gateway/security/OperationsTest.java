package io.redismesh.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

import org.junit.jupiter.api.Test;

import io.redismesh.gateway.namespace.Action;

/** The operation table: which action each call needs (plain JUnit). */
class OperationsTest {

    private static Action action(String method, String path) {
        return Operations.actionOf(method, List.of(path.substring(1).split("/")));
    }

    @Test
    void cacheReadsAreReadAndEveryOtherCacheCallIsWrite() {
        for (String collection : List.of("keys", "hashes", "lists", "sets", "sorted-sets")) {
            String path = "/v1/namespaces/demo/" + collection + "/k";
            assertEquals(Action.READ, action("GET", path), collection);
            assertEquals(Action.READ, action("HEAD", path), collection);
            assertEquals(Action.WRITE, action("PUT", path), collection);
            assertEquals(Action.WRITE, action("POST", path), collection);
            assertEquals(Action.WRITE, action("DELETE", path), collection);
            assertEquals(Action.WRITE, action("PATCH", path), collection);
        }
        // a batch read is a POST, and still a read
        assertEquals(Action.READ, action("POST", "/v1/namespaces/demo/keys:batchGet"));
        assertEquals(Action.WRITE, action("POST", "/v1/namespaces/demo/keys:batchPut"));
        // a pop is a POST that changes the list
        assertEquals(Action.WRITE, action("POST", "/v1/namespaces/demo/lists/l/items:pop"));
    }

    @Test
    void locksAndSemaphoresNeedLockEvenToLookAndChannelsSplitPublishFromSubscribe() {
        assertEquals(Action.LOCK, action("GET", "/v1/namespaces/demo/locks/l"));
        assertEquals(Action.LOCK, action("GET", "/v1/namespaces/demo/locks/l/leases/id/events"));
        assertEquals(Action.LOCK, action("DELETE", "/v1/namespaces/demo/semaphores/s/leases/id"));
        assertEquals(Action.PUBLISH, action("POST", "/v1/namespaces/demo/channels/c/messages"));
        assertEquals(Action.SUBSCRIBE, action("GET", "/v1/namespaces/demo/channels/c/events"));
        assertEquals(Action.SUBSCRIBE, action("GET", "/v1/namespaces/demo/channels/events"));
        assertEquals(Action.PUBLISH, action("POST", "/v1/namespaces/demo/streams/s/messages"));
        assertEquals(Action.SUBSCRIBE, action("GET", "/v1/namespaces/demo/streams/s/events"));
    }

    @Test
    void anUndeclaredCollectionHasNoActionSoNothingIsAllowedByAccident() {
        assertThrows(IllegalStateException.class, () -> action("GET", "/v1/namespaces/demo/secrets/s"));
        assertThrows(IllegalStateException.class, () -> action("GET", "/v1/namespaces/demo"));
    }

    @Path("/v1/namespaces/{ns}/things/{name}")
    static class Things {
        @Path("/parts/{part: [a-z]+}/")
        void part() {
        }
    }

    @Test
    void theTemplateIsTheOpenApiPathWithoutRegexes() throws NoSuchMethodException {
        Method part = Things.class.getDeclaredMethod("part");
        ResourceInfo resource = new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return part;
            }

            @Override
            public Class<?> getResourceClass() {
                return Things.class;
            }
        };
        assertEquals("/v1/namespaces/{ns}/things/{name}/parts/{part}", Operations.templateOf(resource));
    }
}
