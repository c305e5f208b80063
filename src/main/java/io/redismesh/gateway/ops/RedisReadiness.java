package io.redismesh.gateway.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.redismesh.gateway.redis.RedisExecutor;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Readiness is DOWN unless Redis answers {@code PING} within {@code quarkus.redis.timeout}, the bound of
 * every call (the Redis extension's own check, switched off, waited up to 10 s whatever the timeout).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements AsyncHealthCheck {

    private final RedisExecutor redis;

    public RedisReadiness(RedisExecutor redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.send(Request.cmd(Command.PING))
                .map(pong -> HealthCheckResponse.up("redis"))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("redis").down()
                        .withData("reason", failure.getMessage()).build());
    }
}
