package io.redismesh.gateway.lock;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.redismesh.gateway.namespace.GatewayConfig;
import io.redismesh.gateway.namespace.NamespaceRegistry;
import io.redismesh.gateway.redis.RedisExecutor;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** A waiter hears a release published between Redis refusing it and its wait (it used to wait a whole poll). */
@QuarkusTest
class LeaseWakeUpsTest {

    @Inject
    LeaseWakeUps wakeUps;
    @Inject
    RedisExecutor redis;
    @Inject
    NamespaceRegistry namespaces;
    @Inject
    GatewayConfig config;

    @Test
    void aReleaseBeforeTheWaitIsNotMissed() {
        LeaseKeys keys = LeaseKeys.of(namespaces.resolve("demo"), LeaseKind.LOCK, "heard-early");
        LeaseWakeUps.Ear early = wakeUps.open(keys);
        LeaseWakeUps.Ear listening = wakeUps.open(keys);
        try {
            // the second ear already waits: once it wakes, the release has reached every ear of this lease set
            var delivered = listening.next(Duration.ofSeconds(30)).subscribeAsCompletionStage();
            redis.send(Request.cmd(Command.PUBLISH).arg(LeaseKeys.wakeUpChannel(config)).arg(keys.wakeUpId()))
                    .await().atMost(Duration.ofSeconds(5));
            delivered.toCompletableFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            // the first ear was not waiting when the release came; it must not wait for its 30 s timer now
            early.next(Duration.ofSeconds(30)).await().atMost(Duration.ofSeconds(2));
        } finally {
            early.close();
            listening.close();
        }
    }
}
