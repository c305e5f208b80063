package io.redismesh.gateway.pubsub;

import io.vertx.mutiny.redis.client.Command;

/** What one Redis subscription listens to: a channel, or a pattern of channels (already confined to a namespace). */
public record Topic(Kind kind, String redisName) {

    public enum Kind {
        CHANNEL(Command.SUBSCRIBE, Command.UNSUBSCRIBE, "channel"),
        PATTERN(Command.PSUBSCRIBE, Command.PUNSUBSCRIBE, "pattern");

        final Command subscribe;
        final Command unsubscribe;
        /** The {@code kind} tag of the stream gauge. */
        final String tag;

        Kind(Command subscribe, Command unsubscribe, String tag) {
            this.subscribe = subscribe;
            this.unsubscribe = unsubscribe;
            this.tag = tag;
        }
    }

    public static Topic channel(String redisName) {
        return new Topic(Kind.CHANNEL, redisName);
    }

    public static Topic pattern(String redisName) {
        return new Topic(Kind.PATTERN, redisName);
    }
}
