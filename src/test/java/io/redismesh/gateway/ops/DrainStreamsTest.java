package io.redismesh.gateway.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

/** What SSE producers get from {@link Drain#untilDraining}: the rules a stream's end follows. */
class DrainStreamsTest {

    private final Drain drain = new Drain();

    @Test
    void anOpenStreamEndsWithTheFarewellWhenDrainingStartsAndItsUpstreamIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        UnicastProcessor<String> upstream = UnicastProcessor.create();
        AssertSubscriber<String> client = drain.untilDraining(upstream.onCancellation().invoke(() -> cancelled.set(true)), () -> "shutdown")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        upstream.onNext("a");
        client.awaitItems(1);

        drain.begin();

        client.awaitCompletion().assertItems("a", "shutdown");
        assertTrue(cancelled.get(), "the upstream subscription is released");
    }

    @Test
    void aStreamThatEndsByItselfEndsWithoutFarewell() {
        AssertSubscriber<String> client = drain.untilDraining(Multi.createFrom().items("a", "lost"), () -> "shutdown")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        client.awaitCompletion().assertItems("a", "lost");
    }

    @Test
    void failuresPassThrough() {
        AssertSubscriber<String> client = drain.untilDraining(Multi.createFrom().<String>failure(new IllegalStateException("redis gone")),
                () -> "shutdown").subscribe().withSubscriber(AssertSubscriber.create(10));
        client.awaitFailure().assertFailedWith(IllegalStateException.class, "redis gone");
    }

    @Test
    void aSlowClientKeepsBackPressureSoTheProducersOverflowPolicyStillApplies() {
        AtomicLong requested = new AtomicLong();
        Multi<Long> fast = Multi.createFrom().ticks().every(Duration.ofMillis(1))
                .onOverflow().drop() // the producer's policy for a client that cannot keep up
                .onRequest().invoke(n -> requested.accumulateAndGet(n, (a, b) -> Math.min(Long.MAX_VALUE / 2, a + b)));
        AssertSubscriber<Long> slow = drain.untilDraining(fast, () -> -1L).subscribe().withSubscriber(AssertSubscriber.create(1));
        slow.awaitItems(1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> slow.getItems().size() == 1);
        assertTrue(requested.get() <= 256, "bounded demand upstream, not unbounded buffering: " + requested.get());

        drain.begin();
        slow.request(Long.MAX_VALUE);
        List<Long> items = slow.awaitCompletion().getItems();
        assertEquals(-1L, items.get(items.size() - 1));
    }

    @Test
    void aStreamOpenedAfterDrainingBeganEndsAtOnce() {
        drain.begin();
        drain.untilDraining(Multi.createFrom().<String>nothing(), () -> "shutdown")
                .subscribe().withSubscriber(AssertSubscriber.create(1)).awaitCompletion().assertItems("shutdown");
        assertTrue(drain.draining());
    }
}
