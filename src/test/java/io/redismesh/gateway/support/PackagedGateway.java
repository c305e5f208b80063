package io.redismesh.gateway.support;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.redismesh.gateway.redis.EmbeddedRedis;
import io.redismesh.gateway.redis.EmbeddedRedisConfig;

/**
 * What the packaged application (prod profile, no embedded Redis, no dev login) needs to run under
 * {@code @QuarkusIntegrationTest}: a real redis-server of its own, and the test profile's token
 * trust and namespaces, read from application.properties so the two never drift apart.
 */
public class PackagedGateway implements QuarkusTestResourceLifecycleManager {

    private EmbeddedRedis redis;

    @Override
    public Map<String, String> start() {
        redis = startRedis();
        Map<String, String> config = config(redis);
        // these suites do not exercise the drain (GracefulDrainIT does): stop at once
        config.put("quarkus.shutdown.delay", "0s");
        return config;
    }

    @Override
    public void stop() {
        if (redis != null) {
            redis.stop();
        }
    }

    /** A redis-server on a free loopback port (the one on PATH, else the shipped one). */
    public static EmbeddedRedis startRedis() {
        EmbeddedRedis redis = new EmbeddedRedis(new EmbeddedRedisConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<String> binary() {
                return Optional.empty();
            }
        });
        redis.getHosts();
        return redis;
    }

    /** Runtime config for the prod-built application: this Redis, plus the test profile's OIDC and namespaces. */
    public static Map<String, String> config(EmbeddedRedis redis) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port());
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            for (String profile : new String[] { "%test.", "%dev,test." }) {
                if (key.startsWith(profile)) {
                    String name = key.substring(profile.length());
                    if (name.startsWith("quarkus.oidc.") || name.startsWith("gateway.namespaces.")) {
                        config.put(name, properties.getProperty(key));
                    }
                }
            }
        }
        return config;
    }
}
