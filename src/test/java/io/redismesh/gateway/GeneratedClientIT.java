package io.redismesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.redismesh.gateway.client.ApiClient;
import io.redismesh.gateway.client.ApiException;
import io.redismesh.gateway.client.api.CacheValuesApi;
import io.redismesh.gateway.client.api.LocksApi;
import io.redismesh.gateway.client.api.PubSubApi;
import io.redismesh.gateway.client.model.AcquireRequest;
import io.redismesh.gateway.client.model.Lease;
import io.redismesh.gateway.client.model.KeyItem;
import io.redismesh.gateway.support.PackagedGateway;
import io.redismesh.gateway.support.Tokens;

/**
 * A Java client generated from openapi/openapi.yaml by openapi-generator (see the pom) calls the
 * packaged gateway: the committed spec is complete enough for a tool to write, read, list, lock and publish.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedGateway.class)
class GeneratedClientIT {

    private static final String NS = "demo";

    @TestHTTPResource("/")
    URL gateway;

    private ApiClient client;

    @BeforeEach
    void connect() {
        client = new ApiClient();
        client.updateBaseUri(gateway.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + Tokens.developer()));
    }

    @Test
    void writesReadsAndListsValues() throws Exception {
        CacheValuesApi values = new CacheValuesApi(client);
        String prefix = "generated-" + UUID.randomUUID() + "-";
        values.putKey(prefix + "a", NS, "written by a generated client", "PT1M", null, null, null);
        values.putKey(prefix + "b", NS, "second", null, null, null, null);
        assertEquals("written by a generated client", Files.readString(values.getKey(prefix + "a", NS, null).toPath()));
        assertEquals(java.util.Set.of(prefix + "a", prefix + "b"),
                values.getKeys(NS, null, 100, prefix).getItems().stream().map(KeyItem::getKey).collect(java.util.stream.Collectors.toSet()));
        ApiException missing = assertThrows(ApiException.class, () -> values.getKey(prefix + "none", NS, null));
        assertEquals(404, missing.getCode());
        assertTrue(missing.getResponseBody().contains("/problems/key-not-found"), missing.getResponseBody());
    }

    @Test
    void acquiresAndReleasesALockAndPublishes() throws Exception {
        LocksApi locks = new LocksApi(client);
        String name = "generated-" + UUID.randomUUID();
        String attempt = UUID.randomUUID().toString();
        Lease first = locks.postLockLeases(name, NS, new AcquireRequest().ttlMillis(10_000L).holder("generated client"), attempt);
        assertTrue(first.getFencingToken() > 0);
        Lease retried = locks.postLockLeases(name, NS, new AcquireRequest().ttlMillis(10_000L).holder("generated client"), attempt);
        assertEquals(first.getLeaseId(), retried.getLeaseId(), "a retry with the same Idempotency-Key gets the first lease");
        ApiException held = assertThrows(ApiException.class, () -> locks.postLockLeases(name, NS, new AcquireRequest().ttlMillis(10_000L), null));
        assertEquals(409, held.getCode());
        locks.deleteLockLease(first.getLeaseId(), name, NS);
        Lease second = locks.postLockLeases(name, NS, new AcquireRequest().ttlMillis(10_000L), null);
        assertTrue(second.getFencingToken() > first.getFencingToken(), "fencing tokens increase");

        assertEquals(0, new PubSubApi(client).postChannelMessages("generated-" + UUID.randomUUID(), NS, "hello", null).getReceivers());
    }
}
