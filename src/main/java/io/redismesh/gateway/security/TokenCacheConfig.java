package io.redismesh.gateway.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The verified-token cache ({@code gateway.token-cache.*}), modelled on Envoy's
 * {@code jwt_authn jwt_cache_config}: a token the issuer's keys verified once is trusted again
 * without parsing and RSA until it expires, instead of on every request.
 */
@ConfigMapping(prefix = "gateway.token-cache")
public interface TokenCacheConfig {

    /** Off, every request verifies its token. */
    @WithDefault("true")
    boolean enabled();

    /** Bound on cached tokens; the least valuable are evicted beyond it. */
    @WithDefault("10000")
    int maxEntries();

    /** A cached token is verified again after this long even if it expires later (a backstop, not the rule). */
    @WithDefault("PT5M")
    Duration maxAge();
}
