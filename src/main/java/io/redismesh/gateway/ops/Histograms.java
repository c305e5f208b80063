package io.redismesh.gateway.ops;

import java.util.Set;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Latency timers exported as Prometheus histograms ({@code _bucket} series), so quantiles can be
 * aggregated across replicas: HTTP per route template, Redis commands, lock waits.
 */
public class Histograms {

    static final Set<String> TIMERS = Set.of("http.server.requests", "redis.commands.duration", "gateway.lock.wait");

    @Produces
    @Singleton
    MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!TIMERS.contains(id.getName())) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
            }
        };
    }
}
