package io.redismesh.gateway.ops;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness is DOWN as soon as the instance drains, so the mesh stops routing new requests here. */
@Readiness
public class DrainReadiness implements HealthCheck {

    private final Drain drain;

    public DrainReadiness(Drain drain) {
        this.drain = drain;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("drain").status(!drain.draining()).build();
    }
}
