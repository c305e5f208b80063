package io.redismesh.gateway.ops;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.HealthGroup;

/**
 * Readiness is DOWN as soon as the instance drains, so the mesh stops routing new requests here.
 * Alone in the group {@value #SERVING}, the pods' readiness probe: a Redis outage, shared by every
 * replica, must not eject them all (deploy/base/deployment.yaml says why).
 */
@Readiness
@HealthGroup(DrainReadiness.SERVING)
public class DrainReadiness implements HealthCheck {

    static final String SERVING = "serving";

    private final Drain drain;

    public DrainReadiness(Drain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("drain").status(!drain.draining()).build();
    }
}
