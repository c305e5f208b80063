package io.redismesh.gateway.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Mesh workload identity ({@code gateway.mesh-identity.*}): the SPIFFE ID that the local sidecar puts
 * in {@code X-Forwarded-Client-Cert} as the principal of a call without a token, in the namespaces
 * that list it under {@code mesh-principals}. Only safe when the sidecar replaces what clients send.
 */
@ConfigMapping(prefix = "gateway.mesh-identity")
public interface MeshIdentityConfig {

    /** Whether X-Forwarded-Client-Cert is read at all; off, the header is ignored. */
    @WithDefault("false")
    boolean enabled();

    /** Only SPIFFE IDs starting with this prefix are accepted (the mesh's trust domain). */
    @WithDefault("spiffe://cluster.local/ns/")
    String trustedSpiffePrefix();
}
