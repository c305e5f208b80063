package io.redismesh.gateway.sse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestMulti;

import io.smallrye.mutiny.Multi;

/**
 * One client's event stream: a bounded queue of frames, drained as fast as the HTTP connection
 * takes them (the REST layer asks for the next frame when the previous one is written). Producers
 * never block and never wait: {@link #send} is safe from any thread. A client that falls more than
 * the buffer behind loses its queue, is sent {@code event: overflow} and the stream ends; if it does
 * not even take that frame, the connection is reset after a grace period, so a stalled client costs
 * a bounded amount of memory. This is the one back-pressure policy of every event stream, whatever
 * it carries. Create streams with {@link SseStreams#open}.
 */
public final class SseStream implements Flow.Publisher<byte[]> {

    static final String OVERFLOW = "overflow";

    private final int capacity;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final AtomicInteger drains = new AtomicInteger();
    private final List<Runnable> endActions = new ArrayList<>();
    private Flow.Subscriber<? super byte[]> subscriber;
    private long demand;
    /** No more frames are accepted; the stream completes once the queue is written. */
    private boolean finishing;
    private boolean completed;
    private boolean overflowed;

    SseStream(int capacity) {
        this.capacity = capacity;
    }

    /** Queues a frame; false when the stream has ended (or has just overflowed with this frame). */
    public boolean send(byte[] frame) {
        boolean overflowsNow;
        synchronized (this) {
            if (finishing) {
                return false;
            }
            overflowsNow = queue.size() >= capacity;
            if (overflowsNow) {
                overflowed = true;
                queue.clear();
                queue.add(SseFrames.event(OVERFLOW, "the client fell more than " + capacity + " events behind"));
                finishing = true;
            } else {
                queue.add(frame);
            }
        }
        drain();
        if (overflowsNow) {
            ended();
        }
        return !overflowsNow;
    }

    /**
     * The response body: the frames as they are written, with the headers every event stream needs.
     * The resource method declares no {@code @Produces}: with {@code text/event-stream} there, the
     * REST layer would re-frame each item with its own SSE writer, which puts no space after
     * {@code data:} (a payload's leading space is lost) and emits a {@code data:} line even for comments.
     */
    public Multi<byte[]> body() {
        return RestMulti.fromMultiData(Multi.createFrom().publisher(this))
                .header(HttpHeaders.CONTENT_TYPE, EventStreamRequest.MEDIA_TYPE + ";charset=UTF-8")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                // nginx-style proxies would otherwise buffer the stream
                .header("X-Accel-Buffering", "no")
                .build();
    }

    /** Ends the stream after the frames already queued, and after {@code lastFrame} unless it is null. */
    public void close(byte[] lastFrame) {
        synchronized (this) {
            if (finishing) {
                return;
            }
            if (lastFrame != null) {
                queue.add(lastFrame);
            }
            finishing = true;
        }
        drain();
        ended();
    }

    /** Ends the stream at once, without a last event: the client left, or the stream was never handed out. */
    public void cancel() {
        synchronized (this) {
            queue.clear();
            finishing = true;
            completed = true;
        }
        ended();
    }

    /** Runs once when the stream stops accepting frames: the client left, overflowed, or the stream was closed. */
    public void onEnd(Runnable action) {
        boolean already;
        synchronized (this) {
            already = finishing;
            if (!already) {
                endActions.add(action);
            }
        }
        if (already) {
            action.run();
        }
    }

    /** How many more frames fit before the client overflows: producers that can wait (a replay) send no more than this. */
    public synchronized int room() {
        return finishing ? 0 : capacity - queue.size();
    }

    public synchronized boolean overflowed() {
        return overflowed;
    }

    /** Whether the client has taken every frame, the last one included. */
    synchronized boolean completed() {
        return completed;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> downstream) {
        synchronized (this) {
            if (subscriber != null) {
                downstream.onSubscribe(new Flow.Subscription() {
                    public void request(long n) {
                    }

                    public void cancel() {
                    }
                });
                downstream.onError(new IllegalStateException("an SSE stream has one subscriber"));
                return;
            }
            subscriber = downstream;
        }
        downstream.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (SseStream.this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                drain();
            }

            @Override
            public void cancel() {
                SseStream.this.cancel();
            }
        });
        drain();
    }

    /** Emits what the subscriber asked for; one thread at a time, the others leave their work to it. */
    private void drain() {
        if (drains.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                byte[] next = null;
                boolean complete = false;
                Flow.Subscriber<? super byte[]> to;
                synchronized (this) {
                    to = subscriber;
                    if (to == null || completed) {
                        break;
                    }
                    if (queue.isEmpty()) {
                        if (!finishing) {
                            break;
                        }
                        completed = true;
                        complete = true;
                    } else if (demand > 0) {
                        next = queue.poll();
                        demand--;
                    } else {
                        break;
                    }
                }
                if (complete) {
                    to.onComplete();
                    break;
                }
                to.onNext(next);
            }
            missed = drains.addAndGet(-missed);
        } while (missed != 0);
    }

    private void ended() {
        List<Runnable> actions;
        synchronized (this) {
            actions = new ArrayList<>(endActions);
            endActions.clear();
        }
        actions.forEach(Runnable::run);
    }
}
