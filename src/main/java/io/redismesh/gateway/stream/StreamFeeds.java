package io.redismesh.gateway.stream;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.problem.ProblemType;
import io.redismesh.gateway.sse.SseFrames;
import io.redismesh.gateway.sse.SseStream;
import io.redismesh.gateway.sse.SseStreams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/**
 * Stream feeds as event streams ({@code id:} = entry id). A client resumes after an id: it is first
 * replayed what follows with XRANGE pages (no more at once than its buffer has room for), then handed
 * to the {@link StreamReader}'s live fan-out. The handover is decided on the reader's context: the
 * feed goes live once a replay page came back short and the feed's position has reached the tail's
 * (everything up to the tail's id was handed out before; everything after it will be), and each feed
 * only takes entries after its own position, so nothing is lost and nothing repeats. A client that
 * falls behind gets the overflow of every event stream ({@link SseStream}).
 */
@ApplicationScoped
class StreamFeeds {

    static final String MESSAGE = "message";
    static final String GAP = "gap";
    private static final byte[] SHUTDOWN_FRAME = SseFrames.event("shutdown", "");
    private static final int PAGE = 100;
    /** A replay waits while its client's buffer has less room than this. */
    private static final int MIN_ROOM = 8;
    private static final Duration ROOM_POLL = Duration.ofMillis(20);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final SseStreams streams;
    private final StreamReader reader;
    private final StreamStore store;
    private final Vertx vertx;
    private final Counter fanout;
    /** The frames of the batch being handed out (on the reader's context): framed once, not per client. */
    private List<StreamEntry> framedBatch;
    private byte[][] frames;

    StreamFeeds(SseStreams streams, StreamReader reader, StreamStore store, Vertx vertx, MeterRegistry meters) {
        this.streams = streams;
        this.reader = reader;
        this.store = store;
        this.vertx = vertx;
        this.fanout = Counter.builder("gateway.stream.fanout").description("stream entries delivered to SSE clients").register(meters);
    }

    /**
     * The feed of one client; 503 while Redis is away.
     *
     * @param after where the client resumes (exclusive); empty: entries appended from now on
     */
    Multi<byte[]> open(byte[] key, Optional<EntryId> after, HttpServerResponse response) {
        if (!reader.up()) {
            throw ProblemException.backendUnavailable("Redis is not reachable");
        }
        SseStream stream = streams.open("stream", response, SHUTDOWN_FRAME);
        Uni<EntryId> start = after.isPresent() ? Uni.createFrom().item(after.get()) : store.last(key);
        start.flatMap(position -> gap(key, position).map(oldest -> {
            stream.send(streams.retryFrame());
            oldest.ifPresent(id -> stream.send(SseFrames.event(GAP, id.toString())));
            return position;
        })).subscribe().with(position -> reader.run(() -> {
            Feed feed = new Feed(stream, position);
            feed.tail = reader.watch(key, feed);
            stream.onEnd(() -> reader.run(() -> {
                feed.ended = true;
                feed.tail.remove(feed);
            }));
            replay(feed);
        }), failure -> stream.close(null));
        return stream.body();
    }

    /** The oldest retained id when the resume point was trimmed away (0 is the start: never a gap). */
    private Uni<Optional<EntryId>> gap(byte[] key, EntryId position) {
        if (position.equals(EntryId.ZERO)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.first(key).map(first -> first.filter(oldest -> oldest.after(position)));
    }

    /** One replay page after the feed's position, on the reader's context. */
    private void replay(Feed feed) {
        if (feed.ended) {
            return;
        }
        int room = feed.stream.room();
        if (room < MIN_ROOM) {
            vertx.setTimer(ROOM_POLL.toMillis(), id -> reader.run(() -> replay(feed)));
            return;
        }
        int page = Math.min(PAGE, room / 2);
        store.after(feed.tail.key, feed.position, page).subscribe().with(entries -> reader.run(() -> replayed(feed, entries, page)),
                failure -> {
                    if (failure instanceof ProblemException problem && problem.type == ProblemType.WRONG_TYPE) {
                        feed.stream.close(null);
                    } else {
                        vertx.setTimer(RETRY.toMillis(), id -> reader.run(() -> replay(feed)));
                    }
                });
    }

    private void replayed(Feed feed, List<StreamEntry> entries, int page) {
        if (feed.ended) {
            return;
        }
        for (StreamEntry entry : entries) {
            if (!feed.send(entry, frame(entry))) {
                return;
            }
        }
        EntryId tail = feed.tail.last();
        if (entries.size() == page || (tail != null && tail.after(feed.position))) {
            replay(feed);
        } else if (tail == null) {
            feed.tail.whenKnown(() -> replay(feed));
        } else {
            feed.live = true;
        }
    }

    private static byte[] frame(StreamEntry entry) {
        return SseFrames.event(entry.id().toString(), MESSAGE, entry.data());
    }

    /** One client's feed; its fields change on the reader's context only. */
    private final class Feed implements StreamReader.Listener {
        final SseStream stream;
        StreamReader.Tail tail;
        /** The id of the last entry sent (or the resume point). */
        EntryId position;
        boolean live;
        boolean ended;

        Feed(SseStream stream, EntryId position) {
            this.stream = stream;
            this.position = position;
        }

        @Override
        public void gone() {
            stream.close(null);
        }

        @Override
        public void entries(List<StreamEntry> entries) {
            if (!live) {
                return;
            }
            if (framedBatch != entries) {
                framedBatch = entries;
                frames = new byte[entries.size()][];
            }
            for (int i = 0; i < entries.size(); i++) {
                StreamEntry entry = entries.get(i);
                if (entry.id().after(position)) {
                    if (frames[i] == null) {
                        frames[i] = frame(entry);
                    }
                    if (!send(entry, frames[i])) {
                        return;
                    }
                }
            }
        }

        /** Sends an entry after the position; false when the stream has ended. */
        boolean send(StreamEntry entry, byte[] frame) {
            if (!entry.id().after(position)) {
                return true;
            }
            position = entry.id();
            if (!stream.send(frame)) {
                return false;
            }
            fanout.increment();
            return true;
        }
    }
}
