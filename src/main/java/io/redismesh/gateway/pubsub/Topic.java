package io.redismesh.gateway.pubsub;

import io.vertx.mutiny.redis.client.Command;

/** What one Redis subscription listens to: a channel, or a pattern of channels (already confined to a namespace). */
record Topic(Kind kind, String redisName) {

    enum Kind {
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

    static Topic channel(String redisName) {
        return new Topic(Kind.CHANNEL, redisName);
    }

    static Topic pattern(String redisName) {
        return new Topic(Kind.PATTERN, redisName);
    }
}
