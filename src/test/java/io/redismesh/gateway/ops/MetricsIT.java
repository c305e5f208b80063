package io.redismesh.gateway.ops;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.redismesh.gateway.support.PackagedGateway;

@QuarkusIntegrationTest
@WithTestResource(PackagedGateway.class)
class MetricsIT extends MetricsTest {
}
