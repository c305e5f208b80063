package io.redismesh.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.redismesh.gateway.namespace.Names;
import io.redismesh.gateway.namespace.Namespace;
import io.redismesh.gateway.problem.ProblemException;
import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Redis sets under the namespace prefix; members are names (UTF-8). */
@ApplicationScoped
public class SetStore {

    private final RedisExecutor redis;
    private final Pages pages;

    public SetStore(RedisExecutor redis, Pages pages) {
        this.redis = redis;
        this.pages = pages;
    }

    /** A page of members by SSCAN: Redis's own cursor ("0" = done) and the members. */
    public record MemberPage(List<String> members, String next) {
    }

    /** A page of about {@code limit} members and at most max-page-bytes, bounded inside Redis. */
    public Uni<MemberPage> members(Namespace namespace, String key, String cursor, int limit) {
        return pages.scan(namespace, "set", key, cursor, limit).map(page -> new MemberPage(
                page.items().stream().map(member -> new String(member, StandardCharsets.UTF_8)).toList(), page.next()));
    }

    /** @return whether the member was added (false: it was there already) */
    public Uni<Boolean> add(Namespace namespace, String key, String member) {
        return redis.send(Request.cmd(Command.SADD).arg(namespace.key(key)).arg(Names.requireValid(member)))
                .map(reply -> reply.toInteger() == 1);
    }

    public Uni<Void> remove(Namespace namespace, String key, String member) {
        return redis.send(Request.cmd(Command.SREM).arg(namespace.key(key)).arg(Names.requireValid(member)))
                .map(reply -> requireMember(reply.toInteger() == 1, key, member));
    }

    public Uni<Void> requireMember(Namespace namespace, String key, String member) {
        return redis.send(Request.cmd(Command.SISMEMBER).arg(namespace.key(key)).arg(Names.requireValid(member)))
                .map(reply -> requireMember(reply.toInteger() == 1, key, member));
    }

    private static Void requireMember(boolean found, String key, String member) {
        if (!found) {
            throw ProblemException.notInKey(member, key);
        }
        return null;
    }
}
