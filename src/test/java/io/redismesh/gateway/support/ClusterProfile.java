package io.redismesh.gateway.support;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The application against a real three-master Redis Cluster ({@link RedisCluster}), as quarkus.redis.client-type=cluster. */
public class ClusterProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisCluster.class));
    }
}
