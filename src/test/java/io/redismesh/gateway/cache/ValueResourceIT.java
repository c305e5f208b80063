package io.redismesh.gateway.cache;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.redismesh.gateway.support.PackagedGateway;

/** Value CRUD, preconditions, TTL headers, limits and problems against the packaged application. */
@QuarkusIntegrationTest
@WithTestResource(PackagedGateway.class)
class ValueResourceIT extends ValueResourceTest {
}
