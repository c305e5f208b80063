package io.redismesh.gateway.stream;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.redis.LuaScript;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** The Redis commands and scripts of streams: append, ranges, consumer groups. */
@ApplicationScoped
class StreamStore {

    private static final LuaScript CLAIM = LuaScript.load("stream/claim");
    private static final LuaScript CREATE_GROUP = LuaScript.load("stream/create-group");

    /** One claimed entry and how often it has been delivered. */
    record ClaimedEntry(StreamEntry entry, long deliveries) {
    }

    private final RedisExecutor redis;

    StreamStore(RedisExecutor redis) {
        this.redis = redis;
    }

    /** XADD, trimmed approximately to the namespace's retention; the new entry's id. */
    Uni<String> append(Namespace namespace, byte[] key, byte[] data) {
        Request add = Request.cmd(Command.XADD).arg(key);
        for (String trim : namespace.streamRetention().trimArguments(System.currentTimeMillis())) {
            add.arg(trim);
        }
        return redis.send(add.arg("*").arg(StreamEntry.DATA).arg(data)).map(Response::toString);
    }

    /** Up to {@code limit} entries after {@code after} (exclusive), oldest first. */
    Uni<List<StreamEntry>> after(byte[] key, EntryId after, int limit) {
        return range(key, "(" + after, limit);
    }

    /** The entry with this id, if the stream retains it. */
    Uni<Optional<StreamEntry>> at(byte[] key, EntryId id) {
        return redis.send(Request.cmd(Command.XRANGE).arg(key).arg(id.toString()).arg(id.toString()))
                .map(reply -> StreamEntry.all(reply).stream().findFirst());
    }

    /** The oldest retained entry's id, if any. */
    Uni<Optional<EntryId>> first(byte[] key) {
        return range(key, "-", 1).map(entries -> entries.stream().findFirst().map(StreamEntry::id));
    }

    /** The newest entry's id, or 0-0 for an empty or absent stream: what "new entries only" starts after. */
    Uni<EntryId> last(byte[] key) {
        return redis.send(Request.cmd(Command.XREVRANGE).arg(key).arg("+").arg("-").arg("COUNT").arg(1))
                .map(reply -> reply.size() == 0 ? EntryId.ZERO : StreamEntry.of(reply.get(0)).id());
    }

    private Uni<List<StreamEntry>> range(byte[] key, String start, int limit) {
        return redis.send(Request.cmd(Command.XRANGE).arg(key).arg(start).arg("+").arg("COUNT").arg(limit)).map(StreamEntry::all);
    }

    /** Creates the group (and the stream); false when the group existed. */
    Uni<Boolean> createGroup(byte[] key, String group, boolean earliest) {
        return redis.run(CREATE_GROUP, List.of(key), List.of(bytes(group), bytes(earliest ? "0" : "$")))
                .map(created -> created.toLong() == 1);
    }

    /** lua/stream/claim.lua: entries idle past the visibility timeout, then new ones; dead letters moved aside. */
    Uni<List<ClaimedEntry>> claim(Namespace namespace, byte[] key, byte[] deadLetterKey, String group, String consumer,
            int count, long visibilityMillis) {
        List<byte[]> args = new ArrayList<>(List.of(bytes(group), bytes(consumer), bytes(Long.toString(visibilityMillis)),
                bytes(Integer.toString(count)), bytes(Integer.toString(namespace.maxDeliveries()))));
        for (String trim : namespace.streamRetention().trimArguments(System.currentTimeMillis())) {
            args.add(bytes(trim));
        }
        return redis.run(CLAIM, List.of(key, deadLetterKey), args).map(reply -> {
            List<ClaimedEntry> claimed = new ArrayList<>(reply.size() / 3);
            for (int i = 0; i + 2 < reply.size(); i += 3) {
                claimed.add(new ClaimedEntry(StreamEntry.of(reply.get(i), reply.get(i + 1)), reply.get(i + 2).toLong()));
            }
            return claimed;
        });
    }

    /** XACK: how many of the ids were pending in the group. */
    Uni<Long> ack(byte[] key, String group, List<EntryId> ids) {
        Request ack = Request.cmd(Command.XACK).arg(key).arg(group);
        ids.forEach(id -> ack.arg(id.toString()));
        return redis.send(ack).map(Response::toLong);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
