package io.redismesh.gateway.sse;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Server-Sent Event streams ({@code gateway.sse.*}): every stream the gateway serves, whatever it carries. */
@ConfigMapping(prefix = "gateway.sse")
public interface SseConfig {

    /** How often a stream gets a comment line ({@code : keep-alive}) so that mesh proxies keep idle streams open. */
    @WithDefault("15S")
    Duration heartbeat();

    /** Open streams one instance serves; a stream beyond it is refused with 503 and Retry-After. */
    @WithDefault("10000")
    int maxConnections();

    /** Events buffered per client; a client further behind is sent {@code event: overflow} and closed. */
    @WithDefault("256")
    int clientBuffer();

    /** The reconnection delay advised to clients in each stream's opening {@code retry:} field. */
    @WithDefault("3S")
    Duration retry();
}
